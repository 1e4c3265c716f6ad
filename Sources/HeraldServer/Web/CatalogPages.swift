import Foundation
import HeraldAPI
import HeraldJSON

/// The event catalog: every type, and one type's description, fields and example payload.
/// The portal shows the same pages to the producer's customers.
extension WebRequest {
    func catalogPage(notice: String? = nil, error: String? = nil) async throws -> WebPage {
        let types = try await eventTypes()
        let values: [String: Any] = [
            "types": types.map { type -> [String: Any] in
                ["name": type.name, "href": "\(scope.catalogBase)/\(PathComponent.encode(type.name))", "description": type.description,
                 "version": type.version ?? "", "deprecated": type.deprecated]
            },
            "hasTypes": !types.isEmpty, "canEdit": !scope.isPortal,
        ]
        var page = WebPage(title: "Event catalog", template: "catalog", values: values)
        page.notice = notice
        page.error = error
        return page
    }

    func eventTypePage(_ name: String) async throws -> WebPage {
        let type = try await api.get("/api/v1/event-types/\(PathComponent.encode(name))", as: EventTypeOut.self)
        let fields = type.schema.map { SchemaFields.fields(of: $0.jsonValue) } ?? []
        let values: [String: Any] = [
            "name": type.name, "description": type.description.isEmpty ? "No description yet." : type.description,
            "version": type.version as Any, "deprecated": type.deprecated, "updated": ViewFormat.time(type.updatedAt),
            "fields": fields.map { ["name": $0.name, "type": $0.type, "required": $0.required, "description": $0.description] },
            "hasFields": !fields.isEmpty, "example": SchemaFields.example(of: type.schema?.jsonValue),
        ]
        var page = WebPage(title: type.name, template: "eventType", values: values)
        page.crumbs = [("Event catalog", scope.catalogBase)]
        return page
    }
}

/// Test inboxes: make one, and see what it received. The secret shows once, on the page that
/// made the inbox (the API gives it only then too).
extension WebRequest {
    func inboxPage(_ inboxID: String?, created: TestInboxOut? = nil, notice: String? = nil, error: String? = nil) async throws -> WebPage {
        var values: [String: Any] = ["createAction": scope.inboxPath]
        if let inboxID {
            let requests = try await api.get("/api/v1/inboxes/\(PathComponent.encode(inboxID))/requests?limit=50", as: ListResponse<InboxRequestOut>.self)
            var inbox: [String: Any] = [
                "url": created?.url ?? "\(origin)/inboxes/\(PathComponent.encode(inboxID))",
                "secret": created?.secret ?? "shown once, when the inbox was made",
                "refreshHref": "\(scope.inboxPath)?id=\(PathComponent.encode(inboxID))",
                "requests": requests.data.map { request -> [String: Any] in
                    ["received": ViewFormat.time(request.receivedAt), "path": request.path,
                     "verifiedState": request.verified ? "succeeded" : "failed",
                     "verifiedLabel": request.verified ? "signature verified" : "not verified: \(request.failedCheck ?? "no signature")",
                     "headers": request.headers.map { ["name": $0.name, "value": $0.value] },
                     "body": request.bodyEncoding == "base64" ? "(\(request.bodyBytes) bytes that are not UTF-8, in base64) \(request.body)" : request.body]
                },
                "hasRequests": !requests.data.isEmpty,
            ]
            if let created { inbox["expires"] = ViewFormat.time(created.expiresAt) }
            values["inbox"] = inbox
        }
        var page = WebPage(title: "Test inbox", template: "inbox", values: values)
        page.notice = notice
        page.error = error
        return page
    }
}
