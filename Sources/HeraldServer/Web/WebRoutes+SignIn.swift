import Foundation
import Herald
import Hummingbird
import Logging

/// Signing in to the dashboard with the API token, and out. The sign-in form carries a token
/// that must match a cookie set with it (a site cannot sign a browser in to its own session).
extension WebRoutes {
    static let signInCookie = "herald_signin"

    func registerSignIn(on router: Router<HeraldContext>) {
        router.get("/") { request, _ in
            let signedIn = Self.cookie(WebSession.cookieName(.dashboard), in: request)
                .flatMap { WebSession.decode($0, expecting: .dashboard, key: key, tokenHash: tokenHash, now: now()) } != nil
            return WebResponses.redirect(signedIn ? "/apps" : "/signin")
        }
        router.get("signin") { request, _ in signInPage(request, error: nil) }
        router.post("signin") { request, context in
            let fields = try await FormFields.read(request)
            guard let presented = fields["_csrf"], let expected = Self.cookie(Self.signInCookie, in: request),
                  ConstantTime.equals(presented, expected), CSRF.sameOrigin(request) else {
                return signInPage(request, error: "The sign-in form was out of date. Try again.")
            }
            guard AuthMiddleware.isToken(Array((fields.raw("token") ?? "").utf8), of: tokenHash) else {
                context.logger.notice("dashboard sign-in refused: wrong API token")
                return signInPage(request, error: "That is not the API token of this server.", status: 401)
            }
            let session = WebSession.start(.dashboard, expiresAt: now() + Self.dashboardSessionMilliseconds)
            let secure = PortalLinkRoutes.origin(of: request).hasPrefix("https")
            return WebResponses.redirect("/apps", cookies: [
                WebResponses.cookie(WebSession.cookieName(.dashboard), session.encoded(key: key, tokenHash: tokenHash), path: "/",
                                    maxAge: Self.dashboardSessionMilliseconds / 1000, secure: secure),
                WebResponses.cookie(Self.signInCookie, "", path: "/signin", maxAge: 0, secure: secure),
            ])
        }
        router.post("signout") { request, context in
            await form(request, context, .dashboard) { _, _ in
                WebResponses.redirect("/signin", cookies: [WebResponses.cookie(WebSession.cookieName(.dashboard), "", path: "/", maxAge: 0,
                                                                               secure: PortalLinkRoutes.origin(of: request).hasPrefix("https"))])
            }
        }
    }

    private func signInPage(_ request: Request, error: String?, status: Int = 200) -> Response {
        let token = Base64URL.encode(randomBytes(18))
        var page = WebPage(title: "Sign in", template: "signIn")
        page.error = error
        page.status = status
        var frame = PageFrame.signedOut
        frame.csrf = token
        let secure = PortalLinkRoutes.origin(of: request).hasPrefix("https")
        return WebResponses.html(page, frame: frame, cookies: [WebResponses.cookie(Self.signInCookie, token, path: "/signin", maxAge: 3600, secure: secure)])
    }
}
