import Foundation
import Herald
import HeraldAPI
import HeraldStore
import Hummingbird

/// Attempt history, manual retry and recovery:
/// `…/messages/{msg}/attempts`, `…/endpoints/{ep}/attempts`,
/// `…/messages/{msg}/endpoints/{ep}/resend`, `…/endpoints/{ep}/recover`.
struct DeliveryRoutes {
    let dependencies: ServerDependencies

    func register(on api: RouterGroup<HeraldContext>) {
        api.get("apps/:app/messages/:msg/attempts") { request, context in
            let app = try await dependencies.application(try request.parameter("app", context))
            let message = try await message(app, try request.parameter("msg", context))
            return try await attempts(request, appID: app.id, messageID: message.id, endpointID: nil)
        }
        api.get("apps/:app/endpoints/:ep/attempts") { request, context in
            let app = try await dependencies.application(try request.parameter("app", context))
            let endpoint = try await endpoint(app, try request.parameter("ep", context))
            return try await attempts(request, appID: app.id, messageID: nil, endpointID: endpoint.id)
        }
        api.post("apps/:app/messages/:msg/endpoints/:ep/resend") { request, context in
            let app = try await dependencies.application(try request.parameter("app", context))
            let message = try await message(app, try request.parameter("msg", context))
            let endpoint = try await endpoint(app, try request.parameter("ep", context))
            guard !endpoint.disabled else {
                throw APIError.conflict("endpoint \(endpoint.id) is disabled; enable it (PATCH {\"disabled\": false}) before resending")
            }
            try await dependencies.store.resendDelivery(messageID: message.id, endpointID: endpoint.id, now: dependencies.now())
            return JSONResponse.make(RequeuedOut(queued: 1), status: .accepted)
        }
        api.post("apps/:app/endpoints/:ep/recover") { request, context in try await recover(request, context) }
    }

    private func attempts(_ request: Request, appID: String, messageID: String?, endpointID: String?) async throws -> Response {
        let page = try Pagination.pageRequest(request)
        var filter = AttemptFilter()
        if let status = request.uri.queryParameters["status"] {
            switch status {
            case "succeeded": filter.succeeded = true
            case "failed": filter.succeeded = false
            default: throw APIError.validation("status must be 'succeeded' or 'failed', got '\(status)'")
            }
        }
        if let trigger = request.uri.queryParameters["trigger"] {
            guard let value = AttemptTrigger(rawValue: String(trigger)) else {
                throw APIError.validation("trigger must be 'scheduled' or 'manual', got '\(trigger)'")
            }
            filter.trigger = value
        }
        let attempts = try await dependencies.store.listAttempts(appID: appID, messageID: messageID, endpointID: endpointID, filter: filter, page)
        return JSONResponse.make(ListResponse(data: attempts.items.map(Representations.attempt), nextCursor: Pagination.encode(attempts.nextAfter)))
    }

    private func recover(_ request: Request, _ context: HeraldContext) async throws -> Response {
        let app = try await dependencies.application(try request.parameter("app", context))
        let endpoint = try await endpoint(app, try request.parameter("ep", context))
        let fields = try await JSONRequestBody.read(request, limit: dependencies.configuration.maxPayloadBytes).fields
        try fields.requireOnly(["since", "until"])
        let now = dependencies.now()
        guard let sinceText = try fields.string("since", required: true), let since = RFC3339.parse(sinceText) else {
            throw APIError.validation("since must be an RFC 3339 time such as 2026-12-01T08:00:00Z")
        }
        var until: Int64?
        if let untilText = try fields.string("until") {
            guard let value = RFC3339.parse(untilText) else { throw APIError.validation("until must be an RFC 3339 time such as 2026-12-01T09:00:00Z") }
            until = value
        }
        guard !endpoint.disabled else {
            throw APIError.conflict("endpoint \(endpoint.id) is disabled; enable it (PATCH {\"disabled\": false}) before recovering")
        }
        // Nothing older than the retention period is kept, so the window starts there at the
        // earliest. A window with nothing in it (in the future, or ending before it starts)
        // queues nothing, as the same filter on the message list finds nothing.
        let retained = now - dependencies.configuration.retention.components.seconds * 1000
        let from = max(since, retained)
        if let until, until < from { return JSONResponse.make(RequeuedOut(queued: 0), status: .accepted) }
        let count = try await dependencies.store.recoverDeliveries(endpointID: endpoint.id, since: from, until: until, now: now)
        return JSONResponse.make(RequeuedOut(queued: count), status: .accepted)
    }

    private func message(_ app: ApplicationRecord, _ id: String) async throws -> MessageRecord {
        guard let message = try await dependencies.store.message(appID: app.id, id: id) else {
            throw APIError.notFound("application \(app.id) has no message '\(id)'")
        }
        return message
    }

    private func endpoint(_ app: ApplicationRecord, _ id: String) async throws -> EndpointRecord {
        guard let endpoint = try await dependencies.store.endpoint(appID: app.id, id: id) else {
            throw APIError.notFound("application \(app.id) has no endpoint '\(id)'")
        }
        return endpoint
    }
}
