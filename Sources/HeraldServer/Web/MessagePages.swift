import Foundation
import Herald
import HeraldAPI
import HeraldDelivery
import Hummingbird

/// Messages: the filtered list, one message with its payload and attempts, one attempt with
/// the request and the answer; resending a message to an endpoint.
extension WebRequest {
    func messagesPage(_ appID: String, query: [String: String], notice: String? = nil, error: String? = nil) async throws -> WebPage {
        let app = try await api.get("/api/v1/apps/\(PathComponent.encode(appID))", as: ApplicationOut.self)
        var filters = [String: String]()
        if let type = query["eventType"], !type.isEmpty { filters["eventType"] = type }
        if let status = query["status"], !status.isEmpty { filters["status"] = status }
        if let after = ViewFormat.parseDateTimeLocal(query["after"]) { filters["after"] = RFC3339.format(milliseconds: Int64(after.timeIntervalSince1970 * 1000)) }
        if let before = ViewFormat.parseDateTimeLocal(query["before"]) { filters["before"] = RFC3339.format(milliseconds: Int64(before.timeIntervalSince1970 * 1000)) }
        var apiQuery = filters
        apiQuery["limit"] = "50"
        if let cursor = query["cursor"], !cursor.isEmpty { apiQuery["cursor"] = cursor }
        async let listCall = api.get("/api/v1/apps/\(PathComponent.encode(app.id))/messages?\(Self.queryString(apiQuery))", as: ListResponse<MessageOut>.self)
        async let catalogCall = eventTypes()
        let (list, catalog) = try await (listCall, catalogCall)
        let base = scope.appBase(app.id)
        var values: [String: Any] = [
            "action": "\(base)/messages",
            "eventTypes": catalog.map { ["name": $0.name, "selected": $0.name == filters["eventType"]] },
            "statuses": [("", "any"), ("delivered", "delivered"), ("pending", "pending"), ("failing", "failing")].map {
                ["value": $0.0, "label": $0.1, "selected": $0.0 == (filters["status"] ?? "")]
            },
            "after": query["after"] ?? "", "before": query["before"] ?? "",
            "messages": list.data.map { message -> [String: Any] in
                ["id": message.id, "href": "\(base)/messages/\(PathComponent.encode(message.id))", "eventType": message.eventType,
                 "eventId": message.eventId ?? "", "created": ViewFormat.time(message.createdAt)]
            },
            "hasMessages": !list.data.isEmpty, "canSend": !scope.isPortal, "sendAction": "\(base)/messages",
        ]
        if let next = list.nextCursor {
            var nextQuery = query.filter { !$0.value.isEmpty }
            nextQuery["cursor"] = next
            values["next"] = "\(base)/messages?\(Self.queryString(nextQuery))"
        }
        var page = WebPage(title: scope.isPortal ? "Messages" : "Messages of \(app.name)", template: "messages", values: values)
        page.crumbs = scope.isPortal ? [] : [("Applications", "/apps"), (app.name, base)]
        page.notice = notice
        page.error = error
        return page
    }

    func messagePage(_ appID: String, _ messageID: String, notice: String? = nil, error: String? = nil) async throws -> WebPage {
        let base = "/api/v1/apps/\(PathComponent.encode(appID))"
        async let messageCall = api.get("\(base)/messages/\(PathComponent.encode(messageID))", as: MessageOut.self)
        async let attemptsCall = api.get("\(base)/messages/\(PathComponent.encode(messageID))/attempts?limit=100", as: ListResponse<AttemptOut>.self)
        async let endpointsCall = api.get("\(base)/endpoints?limit=100", as: ListResponse<EndpointOut>.self)
        let (message, attempts, endpoints) = try await (messageCall, attemptsCall, endpointsCall)
        let labels = Dictionary(endpoints.data.map { ($0.id, $0.url) }, uniquingKeysWith: { first, _ in first })
        let pages = scope.appBase(message.appId)
        var latest = [String: AttemptOut]()
        var counts = [String: Int]()
        for attempt in attempts.data {
            counts[attempt.endpointId, default: 0] += 1
            if let known = latest[attempt.endpointId], known.startedAt >= attempt.startedAt { continue }
            latest[attempt.endpointId] = attempt
        }
        let deliveries = latest.values.sorted { $0.endpointId < $1.endpointId }.map { attempt -> [String: Any] in
            ["endpointLabel": labels[attempt.endpointId] ?? attempt.endpointId,
             "endpointHref": "\(pages)/endpoints/\(PathComponent.encode(attempt.endpointId))", "status": attempt.status,
             "outcome": ViewFormat.outcome(attempt), "attempts": counts[attempt.endpointId] ?? 0,
             "resendAction": "\(pages)/messages/\(PathComponent.encode(message.id))/endpoints/\(PathComponent.encode(attempt.endpointId))/resend"]
        }
        var values: [String: Any] = [
            "id": message.id, "eventType": message.eventType, "eventTypeHref": "\(scope.catalogBase)/\(PathComponent.encode(message.eventType))",
            "version": message.version as Any, "eventId": message.eventId as Any, "created": ViewFormat.time(message.createdAt),
            "payload": ViewFormat.pretty(message.payload), "deliveries": deliveries, "hasDeliveries": !deliveries.isEmpty,
        ]
        values.merge(attemptRows(attempts.data, appID: message.appId, endpointLabels: labels)) { $1 }
        var page = WebPage(title: "Message \(message.id)", template: "message", values: values)
        page.crumbs = (scope.isPortal ? [] : [("Applications", "/apps"), ("Application", pages)]) + [("Messages", "\(pages)/messages")]
        page.notice = notice
        page.error = error
        return page
    }

    func attemptPage(_ appID: String, _ messageID: String, _ attemptID: String) async throws -> WebPage {
        let base = "/api/v1/apps/\(PathComponent.encode(appID))"
        async let messageCall = api.get("\(base)/messages/\(PathComponent.encode(messageID))", as: MessageOut.self)
        async let attemptsCall = api.get("\(base)/messages/\(PathComponent.encode(messageID))/attempts?limit=100", as: ListResponse<AttemptOut>.self)
        let (message, attempts) = try await (messageCall, attemptsCall)
        guard let attempt = attempts.data.first(where: { $0.id == attemptID }) else {
            throw PageError(status: .notFound, message: "message \(messageID) has no attempt \(attemptID) among its latest 100")
        }
        let endpoint = try? await api.get("\(base)/endpoints/\(PathComponent.encode(attempt.endpointId))", as: EndpointOut.self)
        let pages = scope.appBase(message.appId)
        var headers: [(String, String)] = [
            ("Content-Type", "application/json"), ("User-Agent", WebhookSender.userAgent),
            ("webhook-id", attempt.batchId ?? message.id),
            ("webhook-timestamp", String(Int64(attempt.startedAt.timeIntervalSince1970))),
            ("webhook-signature", "v1,… (one signature per secret in use)"),
        ]
        if let version = message.version { headers.append(("X-Webhook-Version", version)) }
        for (name, value) in (endpoint?.headers ?? [:]).sorted(by: { $0.key < $1.key }) { headers.append((name, value)) }
        let values: [String: Any] = [
            "id": attempt.id, "messageId": message.id, "messageHref": "\(pages)/messages/\(PathComponent.encode(message.id))",
            "endpointLabel": endpoint?.url ?? attempt.endpointId, "endpointHref": "\(pages)/endpoints/\(PathComponent.encode(attempt.endpointId))",
            "number": attempt.attemptNumber, "trigger": attempt.trigger, "started": ViewFormat.time(attempt.startedAt),
            "duration": ViewFormat.duration(attempt.durationMs), "status": attempt.status, "outcome": ViewFormat.outcome(attempt),
            "batchId": attempt.batchId as Any, "url": endpoint?.url ?? "(the endpoint was deleted)",
            "requestHeaders": headers.map { ["name": $0.0, "value": $0.1] },
            "responseStatus": attempt.responseStatusCode.map(String.init) ?? "no answer",
            "contentType": attempt.responseContentType as Any, "errorKind": attempt.errorKind as Any, "errorMessage": attempt.errorMessage as Any,
            "responseBody": attempt.responseBody, "hasBody": !attempt.responseBody.isEmpty,
            "resendAction": "\(pages)/messages/\(PathComponent.encode(message.id))/endpoints/\(PathComponent.encode(attempt.endpointId))/resend",
        ]
        var page = WebPage(title: "Attempt #\(attempt.attemptNumber) of \(message.id)", template: "attempt", values: values)
        page.crumbs = (scope.isPortal ? [] : [("Applications", "/apps"), ("Application", pages)])
            + [("Messages", "\(pages)/messages"), ("Message", "\(pages)/messages/\(PathComponent.encode(message.id))")]
        return page
    }

    /// `a=1&b=2`, values percent-encoded, names sorted.
    static func queryString(_ values: [String: String]) -> String {
        values.sorted { $0.key < $1.key }.map { "\($0.key)=\(PathComponent.encode($0.value))" }.joined(separator: "&")
    }
}
