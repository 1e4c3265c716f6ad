import Foundation
import Herald
import HeraldAPI
import HeraldStore
import HTTPTypes
import Hummingbird
import Logging

/// The web pages: the operator's dashboard at `/` (signed in with the API token) and an
/// application's portal at `/portal` (opened with a portal link). Both read and act through
/// the HTTP API in-process (``InProcessAPI``); this type keeps their sessions: signed cookies
/// (HttpOnly, SameSite=Strict), a CSRF token in every form, and for the portal a check of its
/// link on every request, so that revoking the link ends its sessions at once.
struct WebRoutes: Sendable {
    let api: InProcessAPI
    let key: WebKey
    let tokenHash: [UInt8]
    let store: any HeraldStore
    let now: @Sendable () -> Int64

    /// How long a dashboard session lasts.
    static let dashboardSessionMilliseconds: Int64 = 12 * 3600 * 1000

    func register(on router: Router<HeraldContext>) {
        router.get("assets/herald-\(WebAssets.version).css") { _, _ in WebResponses.asset(WebAssets.style, contentType: "text/css; charset=utf-8") }
        router.get("assets/herald-\(WebAssets.version).js") { _, _ in WebResponses.asset(WebAssets.script, contentType: "text/javascript; charset=utf-8") }
        registerSignIn(on: router)
        registerDashboard(on: router)
        registerPortal(on: router)
    }

    // MARK: Sessions

    /// What a page handler gets: the signed-in request, or the response for a browser that is
    /// not signed in (the sign-in page, or the portal's "link not valid").
    enum Opened {
        case signedIn(WebRequest)
        case refused(Response)
    }

    /// Opens the request's session of `kind`, if it has a valid one.
    func open(_ request: Request, _ context: HeraldContext, _ kind: WebSession.Kind) async -> Opened {
        let time = now()
        let origin = PortalLinkRoutes.origin(of: request)
        guard let value = Self.cookie(WebSession.cookieName(kind), in: request),
              let session = WebSession.decode(value, expecting: kind, key: key, tokenHash: tokenHash, now: time) else {
            return .refused(kind == .dashboard ? WebResponses.redirect("/signin") : Self.portalRefusal())
        }
        let access: APIAccess
        let scope: PageScope
        switch kind {
        case .dashboard:
            access = .everything
            scope = .dashboard
        case .portal:
            guard let linkID = session.linkID, let appID = session.appID, let link = try? await store.portalLink(id: linkID),
                  link.appID == appID, link.isUsable(now: time) else {
                return .refused(Self.portalRefusal())
            }
            access = .portal(appID: appID)
            scope = .portal(appID)
        }
        let sessionAPI = SessionAPI(api: api, access: access, logger: context.logger, authority: request.head.authority ?? "127.0.0.1",
                                    forwardedProto: request.headers[HTTPField.Name("X-Forwarded-Proto")!])
        return .signedIn(WebRequest(session: session, api: sessionAPI, csrf: session.csrfToken(key: key), scope: scope, origin: origin))
    }

    /// Runs a GET page of a signed-in session; an API failure becomes an error page.
    func page(_ request: Request, _ context: HeraldContext, _ kind: WebSession.Kind, current: String? = nil,
              _ body: @Sendable (WebRequest) async throws -> WebPage) async -> Response {
        await signedIn(request, context, kind) { web, appName in
            WebResponses.html(try await body(web), frame: web.frame(current: current, appName: appName))
        }
    }

    /// Runs a form of a signed-in session: its CSRF token and origin checked first. `body`
    /// answers a redirect (done) or a page (shown again with what went wrong).
    func form(_ request: Request, _ context: HeraldContext, _ kind: WebSession.Kind,
              _ body: @Sendable (WebRequest, FormFields) async throws -> Response) async -> Response {
        await signedIn(request, context, kind) { web, _ in
            let fields = try await FormFields.read(request)
            guard CSRF.accepts(request, fields: fields, expected: web.csrf) else {
                throw PageError(status: .forbidden, message: "This form is out of date or did not come from this site. Go back, reload the page and try again.")
            }
            return try await body(web, fields)
        }
    }

    /// Runs `body` for a signed-in session (with the portal's application name for its header);
    /// a browser without one gets the sign-in page or the portal's refusal, a failure an error page.
    private func signedIn(_ request: Request, _ context: HeraldContext, _ kind: WebSession.Kind,
                          _ body: @Sendable (WebRequest, _ appName: String?) async throws -> Response) async -> Response {
        switch await open(request, context, kind) {
        case .refused(let response):
            return response
        case .signedIn(let web):
            let appName = await portalAppName(web)
            do {
                return try await body(web, appName)
            } catch {
                return Self.problem(error, frame: web.frame(appName: appName), logger: context.logger)
            }
        }
    }

    private func portalAppName(_ web: WebRequest) async -> String? {
        guard let appID = web.scope.portalAppID else { return nil }
        return await web.applicationName(appID)
    }

    /// The error page for a failure: the API's message for what it refused, a plain one for the rest.
    static func problem(_ error: any Error, frame: PageFrame, logger: Logger) -> Response {
        var page = WebPage(title: "Something went wrong", template: "problem")
        if let error = error as? PageError {
            page.status = Int(error.status.code)
            page.title = error.status == .notFound ? "Not found" : (error.status == .forbidden ? "Not allowed" : "Something went wrong")
            page.values = ["message": error.message, "back": frame.home]
        } else {
            logger.error("web page failed", metadata: ["error": "\(error)"])
            page.status = 500
            page.values = ["message": "The page could not be made; the server's log says why.", "back": frame.home]
        }
        return WebResponses.html(page, frame: frame)
    }

    static func portalRefusal() -> Response {
        var page = WebPage(title: "This portal link is not valid", template: "problem")
        page.status = 401
        page.values = ["message": "The link expired, was revoked, or was copied incompletely. Ask whoever sent it for a new one."]
        return WebResponses.html(page, frame: PageFrame(home: "/portal"))
    }

    /// A cookie's value from the request's `Cookie` headers.
    static func cookie(_ name: String, in request: Request) -> String? {
        request.cookies[name]?.value
    }

    /// The request's query as a dictionary (first value of each name; Hummingbird has
    /// percent-decoded the values already).
    static func query(_ request: Request) -> [String: String] {
        var values = [String: String]()
        for (name, value) in request.uri.queryParameters where values[String(name)] == nil {
            values[String(name)] = String(value)
        }
        return values
    }
}

/// The CSRF check of every form: the session's token in the `_csrf` field, and, when the
/// browser says where the form came from (`Origin`, sent by every current browser with a
/// POST), this server.
enum CSRF {
    static func accepts(_ request: Request, fields: FormFields, expected: String) -> Bool {
        guard let presented = fields["_csrf"], ConstantTime.equals(presented, expected) else { return false }
        return sameOrigin(request)
    }

    /// False when `Origin` names another site (or is `null`).
    static func sameOrigin(_ request: Request) -> Bool {
        guard let origin = request.headers[.origin] else { return true }
        guard let schemeEnd = origin.range(of: "://") else { return false }
        return origin[schemeEnd.upperBound...].lowercased() == (request.head.authority ?? "").lowercased()
    }
}
