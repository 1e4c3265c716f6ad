import Foundation
import HeraldAPI
import HeraldJSON
import Hummingbird

/// The dashboard's own pages (every application, the catalog, test inboxes) and its forms
/// that a portal does not have: creating applications, sending messages, portal links.
extension WebRoutes {
    func registerDashboard(on router: Router<HeraldContext>) {
        router.get("apps") { request, context in
            await page(request, context, .dashboard, current: "Applications") { web in
                try await web.applicationsPage(cursor: Self.query(request)["cursor"], notice: Notice.text(Self.query(request)["notice"]))
            }
        }
        router.post("apps") { request, context in
            await form(request, context, .dashboard) { web, fields in
                let answer = try await web.api.send(.post, "/api/v1/apps", body: ApplicationIn(name: fields["name"] ?? "", uid: fields["uid"]))
                guard answer.isSuccess, let app = try? APICoding.decode(ApplicationOut.self, from: answer.body) else {
                    var page = try await web.applicationsPage(cursor: nil)
                    page.error = answer.errorMessage
                    page.status = Int(answer.status.code)
                    return WebResponses.html(page, frame: web.frame(current: "Applications"))
                }
                return WebResponses.redirect("/apps/\(PathComponent.encode(app.id))?notice=app-created")
            }
        }
        router.post("apps/:app/messages") { request, context in
            await form(request, context, .dashboard) { web, fields in
                let appID = try request.parameter("app", context)
                let payloadText = fields.raw("payload") ?? ""
                let answer: InProcessAPI.Answer
                do {
                    let payload = try AnyJSON(parsing: Array(payloadText.utf8))
                    answer = try await web.api.send(.post, "/api/v1/apps/\(PathComponent.encode(appID))/messages",
                                                    body: MessageIn(eventType: fields["eventType"] ?? "", payload: payload, eventId: fields["eventId"]))
                } catch let error as JSONParseError {
                    var page = try await web.messagesPage(appID, query: [:])
                    page.error = "The payload is not JSON: \(error)"
                    page.status = 422
                    return WebResponses.html(page, frame: web.frame())
                }
                guard answer.isSuccess, let message = try? APICoding.decode(MessageOut.self, from: answer.body) else {
                    var page = try await web.messagesPage(appID, query: [:])
                    page.error = answer.errorMessage
                    page.status = Int(answer.status.code)
                    return WebResponses.html(page, frame: web.frame())
                }
                return WebResponses.redirect("/apps/\(PathComponent.encode(appID))/messages/\(PathComponent.encode(message.id))?notice=sent")
            }
        }
        router.post("apps/:app/portal-links") { request, context in
            await form(request, context, .dashboard) { web, fields in
                let appID = try request.parameter("app", context)
                let answer = try await web.api.send(.post, "/api/v1/apps/\(PathComponent.encode(appID))/portal-links",
                                                    body: PortalLinkIn(expiresIn: fields["expiresIn"] ?? "1h"))
                if answer.isSuccess, let link = try? APICoding.decode(PortalLinkCreatedOut.self, from: answer.body) {
                    // Shown on this answer, not after a redirect: the link must not land in an address bar or history.
                    return WebResponses.html(try await web.applicationPage(appID, newLink: link), frame: web.frame())
                }
                var page = try await web.applicationPage(appID, error: answer.errorMessage)
                page.status = Int(answer.status.code)
                return WebResponses.html(page, frame: web.frame())
            }
        }
        router.post("apps/:app/portal-links/:link/revoke") { request, context in
            await form(request, context, .dashboard) { web, _ in
                let appID = try request.parameter("app", context), linkID = try request.parameter("link", context)
                let answer = try await web.api.send(.delete, "/api/v1/apps/\(PathComponent.encode(appID))/portal-links/\(PathComponent.encode(linkID))")
                guard answer.isSuccess else {
                    return WebResponses.html(try await web.applicationPage(appID, error: answer.errorMessage), frame: web.frame())
                }
                return WebResponses.redirect("/apps/\(PathComponent.encode(appID))?notice=revoked#portal")
            }
        }
        router.post("catalog") { request, context in
            await form(request, context, .dashboard) { web, fields in
                var body: [String: Any] = ["name": fields["name"] ?? "", "description": fields["description"] ?? ""]
                if let version = fields["version"] { body["version"] = version }
                if let schemaText = fields["schema"] {
                    guard let schema = try? JSONSerialization.jsonObject(with: Data(schemaText.utf8)) else {
                        var page = try await web.catalogPage(error: "The schema is not JSON.")
                        page.status = 422
                        return WebResponses.html(page, frame: web.frame(current: "Event catalog"))
                    }
                    body["schema"] = schema
                }
                let answer = try await web.api.send(.post, "/api/v1/event-types", json: WebRequest.json(body))
                guard answer.isSuccess else {
                    var page = try await web.catalogPage(error: answer.errorMessage)
                    page.status = Int(answer.status.code)
                    return WebResponses.html(page, frame: web.frame(current: "Event catalog"))
                }
                return WebResponses.redirect("/catalog/\(PathComponent.encode(fields["name"] ?? ""))?notice=event-type-created")
            }
        }
        registerApplicationPages(on: router, prefix: "apps/:app", kind: .dashboard)
        registerCatalogAndInbox(on: router, prefix: "", kind: .dashboard)
    }

    /// The catalog and the test inbox, under `prefix` (`""` or `"portal"`).
    func registerCatalogAndInbox(on router: Router<HeraldContext>, prefix: String, kind: WebSession.Kind) {
        let base = prefix.isEmpty ? "" : prefix + "/"
        router.get("\(base)catalog") { request, context in
            await page(request, context, kind, current: "Event catalog") { web in try await web.catalogPage() }
        }
        router.get("\(base)catalog/:name") { request, context in
            await page(request, context, kind, current: "Event catalog") { web in
                var page = try await web.eventTypePage(try request.parameter("name", context))
                page.notice = Notice.text(Self.query(request)["notice"])
                return page
            }
        }
        router.get("\(base)inbox") { request, context in
            await page(request, context, kind, current: "Test inbox") { web in try await web.inboxPage(Self.query(request)["id"]) }
        }
        router.post("\(base)inbox") { request, context in
            await form(request, context, kind) { web, _ in
                let answer = try await web.api.send(.post, "/api/v1/inboxes", json: Array("{}".utf8))
                guard answer.isSuccess, let inbox = try? APICoding.decode(TestInboxOut.self, from: answer.body) else {
                    throw PageError(status: answer.status, message: answer.errorMessage)
                }
                return WebResponses.html(try await web.inboxPage(inbox.id, created: inbox, notice: "Inbox created: point an endpoint at its URL, with its secret."),
                                         frame: web.frame(current: "Test inbox"))
            }
        }
    }
}

/// The notices a redirect names by code (a page never shows text taken from its address).
enum Notice {
    static let texts: [String: String] = [
        "app-created": "Application created. Add an endpoint to it below.",
        "endpoint-created": "Endpoint added.",
        "saved": "Settings saved.",
        "rotated": "Secret rotated: the receiver must verify with the new one before the old one stops signing.",
        "recovered": "The failed deliveries since that time are queued again.",
        "resent": "Queued again for that endpoint.",
        "sent": "Message accepted: it is delivered to every endpoint that subscribes to its type.",
        "deleted": "Endpoint deleted.",
        "revoked": "Portal link revoked.",
        "test-sent": "Test event sent.",
        "event-type-created": "Event type added to the catalog.",
    ]

    static func text(_ code: String?) -> String? { code.flatMap { texts[$0] } }
}

extension WebRequest {
    func applicationsPage(cursor: String?, notice: String? = nil) async throws -> WebPage {
        let query = cursor.map { "&cursor=\(PathComponent.encode($0))" } ?? ""
        let list = try await api.get("/api/v1/apps?limit=50\(query)", as: ListResponse<ApplicationOut>.self)
        let values: [String: Any] = [
            "apps": list.data.map { app -> [String: Any] in
                ["name": app.name, "id": app.id, "uid": app.uid ?? "", "href": "/apps/\(PathComponent.encode(app.id))", "created": ViewFormat.time(app.createdAt)]
            },
            "hasApps": !list.data.isEmpty, "next": list.nextCursor.map { "/apps?cursor=\(PathComponent.encode($0))" } as Any,
        ]
        var page = WebPage(title: "Applications", template: "applications", values: values)
        page.notice = notice
        return page
    }
}
