import Foundation
import HeraldAPI
import Hummingbird

/// The pages of one application, the same for the dashboard (under `apps/:app`, any
/// application) and the portal (under `portal`, its own application only): endpoints, an
/// endpoint with its forms, messages, a message, an attempt, resend.
extension WebRoutes {
    func registerApplicationPages(on router: Router<HeraldContext>, prefix: String, kind: WebSession.Kind) {
        /// The application a request is about: the path's for the dashboard, the session's for a portal.
        @Sendable func appID(_ web: WebRequest, _ request: Request, _ context: HeraldContext) throws -> String {
            if let appID = web.scope.portalAppID { return appID }
            return try request.parameter("app", context)
        }
        let current = kind == .portal ? "Endpoints" : "Applications"

        router.get(RouterPath(prefix)) { request, context in
            await page(request, context, kind, current: current) { web in
                try await web.applicationPage(try appID(web, request, context), notice: Notice.text(Self.query(request)["notice"]))
            }
        }
        router.post("\(prefix)/endpoints") { request, context in
            await form(request, context, kind) { web, fields in
                let app = try appID(web, request, context)
                let body = try WebRequest.endpointFields(fields, patch: false)
                let answer = try await web.api.send(.post, "/api/v1/apps/\(PathComponent.encode(app))/endpoints", json: WebRequest.json(body))
                guard answer.isSuccess, let endpoint = try? APICoding.decode(EndpointOut.self, from: answer.body) else {
                    var page = try await web.applicationPage(app, error: answer.errorMessage)
                    page.status = Int(answer.status.code)
                    return WebResponses.html(page, frame: web.frame(current: current))
                }
                return WebResponses.redirect("\(web.scope.appBase(app))/endpoints/\(PathComponent.encode(endpoint.id))?notice=endpoint-created")
            }
        }
        router.get("\(prefix)/endpoints/:ep") { request, context in
            await page(request, context, kind, current: current) { web in
                try await web.endpointPage(try appID(web, request, context), try request.parameter("ep", context), notice: Notice.text(Self.query(request)["notice"]))
            }
        }
        router.post("\(prefix)/endpoints/:ep") { request, context in
            await endpointAction(request, context, kind) { web, fields, path in
                try await web.api.send(.patch, path, json: WebRequest.json(try WebRequest.endpointFields(fields, patch: true)))
            } done: { web, app, endpoint, _ in "\(web.scope.appBase(app))/endpoints/\(PathComponent.encode(endpoint))?notice=saved" }
        }
        router.post("\(prefix)/endpoints/:ep/rotate") { request, context in
            await endpointAction(request, context, kind) { web, fields, path in
                try await web.api.send(.post, "\(path)/secret/rotate", json: WebRequest.json(["gracePeriodSeconds": Int(fields["gracePeriodSeconds"] ?? "") ?? 86_400]))
            } done: { web, app, endpoint, _ in "\(web.scope.appBase(app))/endpoints/\(PathComponent.encode(endpoint))?notice=rotated#secret" }
        }
        router.post("\(prefix)/endpoints/:ep/recover") { request, context in
            await endpointAction(request, context, kind) { web, fields, path in
                guard let since = ViewFormat.parseDateTimeLocal(fields["since"]) else {
                    throw PageError(status: .unprocessableContent, message: "Give the time to recover from, as a date and time (UTC).")
                }
                return try await web.api.send(.post, "\(path)/recover", body: RecoverIn(since: since))
            } done: { web, app, endpoint, _ in "\(web.scope.appBase(app))/endpoints/\(PathComponent.encode(endpoint))?notice=recovered" }
        }
        router.post("\(prefix)/endpoints/:ep/test") { request, context in
            await endpointAction(request, context, kind) { web, fields, path in
                try await web.api.send(.post, "\(path)/test", json: WebRequest.json(fields["eventType"].map { ["eventType": $0] } ?? [:]))
            } done: { web, app, _, answer in
                let test = try? APICoding.decode(EndpointTestOut.self, from: answer.body)
                return "\(web.scope.appBase(app))/messages/\(PathComponent.encode(test?.message.id ?? ""))?notice=test-sent"
            }
        }
        router.post("\(prefix)/endpoints/:ep/delete") { request, context in
            await endpointAction(request, context, kind) { web, _, path in
                try await web.api.send(.delete, path)
            } done: { web, app, _, _ in "\(web.scope.appBase(app))?notice=deleted" }
        }
        router.get("\(prefix)/messages") { request, context in
            await page(request, context, kind, current: kind == .portal ? "Messages" : current) { web in
                let query = Self.query(request)
                return try await web.messagesPage(try appID(web, request, context), query: query, notice: Notice.text(query["notice"]))
            }
        }
        router.get("\(prefix)/messages/:msg") { request, context in
            await page(request, context, kind, current: kind == .portal ? "Messages" : current) { web in
                try await web.messagePage(try appID(web, request, context), try request.parameter("msg", context), notice: Notice.text(Self.query(request)["notice"]))
            }
        }
        router.get("\(prefix)/messages/:msg/attempts/:atm") { request, context in
            await page(request, context, kind, current: kind == .portal ? "Messages" : current) { web in
                try await web.attemptPage(try appID(web, request, context), try request.parameter("msg", context), try request.parameter("atm", context))
            }
        }
        router.post("\(prefix)/messages/:msg/endpoints/:ep/resend") { request, context in
            await form(request, context, kind) { web, _ in
                let app = try appID(web, request, context), message = try request.parameter("msg", context), endpoint = try request.parameter("ep", context)
                let answer = try await web.api.send(
                    .post, "/api/v1/apps/\(PathComponent.encode(app))/messages/\(PathComponent.encode(message))/endpoints/\(PathComponent.encode(endpoint))/resend")
                guard answer.isSuccess else {
                    var page = try await web.messagePage(app, message, error: answer.errorMessage)
                    page.status = Int(answer.status.code)
                    return WebResponses.html(page, frame: web.frame())
                }
                return WebResponses.redirect("\(web.scope.appBase(app))/messages/\(PathComponent.encode(message))?notice=resent")
            }
        }
    }

    /// A form on an endpoint's page: `action` makes the API call (given the endpoint's API
    /// path); on success the browser goes to `done`, else the endpoint's page shows the error.
    func endpointAction(_ request: Request, _ context: HeraldContext, _ kind: WebSession.Kind,
                        _ action: @escaping @Sendable (WebRequest, FormFields, String) async throws -> InProcessAPI.Answer,
                        done: @escaping @Sendable (WebRequest, String, String, InProcessAPI.Answer) -> String) async -> Response {
        await form(request, context, kind) { web, fields in
            let app = try web.scope.portalAppID ?? request.parameter("app", context)
            let endpoint = try request.parameter("ep", context)
            let path = "/api/v1/apps/\(PathComponent.encode(app))/endpoints/\(PathComponent.encode(endpoint))"
            let answer: InProcessAPI.Answer
            do {
                answer = try await action(web, fields, path)
            } catch let error as PageError {
                var page = try await web.endpointPage(app, endpoint, error: error.message)
                page.status = Int(error.status.code)
                return WebResponses.html(page, frame: web.frame())
            }
            guard answer.isSuccess else {
                if answer.status == .notFound { throw PageError(status: .notFound, message: answer.errorMessage) }
                var page = try await web.endpointPage(app, endpoint, error: answer.errorMessage)
                page.status = Int(answer.status.code)
                return WebResponses.html(page, frame: web.frame())
            }
            return WebResponses.redirect(done(web, app, endpoint, answer))
        }
    }
}
