import Crypto
import Foundation
import Herald
import HeraldAPI
import HeraldDelivery
import HeraldJSON
import HeraldStore
import HTTPTypes
import Hummingbird

/// `/api/v1/apps/{app}/messages…`: accepting events, and reading what was sent.
struct MessageRoutes {
    let dependencies: ServerDependencies

    func register(on api: RouterGroup<HeraldContext>) {
        api.post("apps/:app/messages") { request, context in try await send(request, context) }
        api.get("apps/:app/messages") { request, context in try await list(request, context) }
        api.get("apps/:app/messages/:msg") { request, context in
            let app = try await dependencies.application(try request.parameter("app", context))
            let id = try request.parameter("msg", context)
            guard let message = try await dependencies.store.message(appID: app.id, id: id) else {
                throw APIError.notFound("application \(app.id) has no message '\(id)'")
            }
            return JSONResponse.make(bytes: Representations.messageJSON(message))
        }
    }

    /// Validates the event, stores it with its deliveries in one durable transaction, and
    /// answers 202 only once that transaction is on disk.
    private func send(_ request: Request, _ context: HeraldContext) async throws -> Response {
        let appIDOrUID = try request.parameter("app", context)
        let idempotencyKey = try Self.idempotencyKey(request)
        let body = try await JSONRequestBody.read(request, limit: dependencies.configuration.maxPayloadBytes)
        do {
            return try await accept(body, appIDOrUID: appIDOrUID, idempotencyKey: idempotencyKey)
        } catch let error as StoreError where error.code == .changed {
            // Another process changed the application or the event type after this one cached
            // it: decide again from what the store holds now.
            return try await accept(body, appIDOrUID: appIDOrUID, idempotencyKey: idempotencyKey)
        }
    }

    /// Resolves the application and the event type (from the caches), validates the event
    /// against them, and stores it, on the condition that neither changed meanwhile; when one
    /// did (`changed`), both cache entries are dropped first.
    private func accept(_ body: JSONRequestBody, appIDOrUID: String, idempotencyKey: String?) async throws -> Response {
        let app = try await dependencies.application(appIDOrUID)
        let fields = body.fields
        try fields.requireOnly(["eventType", "payload", "eventId"])
        let eventTypeName = try fields.string("eventType", required: true, length: 1...256) ?? ""
        guard let eventType = try await dependencies.catalog.entry(eventTypeName) else {
            throw APIError.validation("eventType '\(eventTypeName)' is not in the event catalog; create it with POST /api/v1/event-types")
        }
        guard let payloadValue = fields.value("payload"), let range = fields.ranges["payload"] else {
            throw APIError.validation("payload is required: a JSON object")
        }
        guard payloadValue.objectMembers != nil else {
            throw APIError.validation("payload must be a JSON object")
        }
        let eventID = try fields.string("eventId", length: 1...256)
        if let schema = eventType.schema, let violation = schema.validate(payloadValue) {
            throw APIError.validation("payload does not match the schema of '\(eventTypeName)' at '\(violation.pointer)': \(violation.message)")
        }
        let now = dependencies.now()
        let message = MessageRecord(
            id: dependencies.ids.next(.message).rawValue, appID: app.id, eventType: eventTypeName, eventID: eventID,
            version: eventType.record.version, payload: Array(body.bytes[range]), createdAt: now
        )
        let claim = idempotencyKey.map { IdempotencyClaim(key: $0, requestHash: Array(SHA256.hash(data: body.bytes))) }
        let versions = ReadVersions(applicationUpdatedAt: app.updatedAt, eventTypeUpdatedAt: eventType.record.updatedAt)
        let outcome: AcceptOutcome
        let started = ContinuousClock.now
        do {
            outcome = try await dependencies.store.acceptMessage(MessageSubmission(message: message, idempotency: claim, readVersions: versions), now: now)
            dependencies.monitoring.metrics.storeAccepted(nanoseconds: started.nanosecondsSince)
        } catch let error as StoreError where error.code == .changed {
            dependencies.applications.invalidate(app.id)
            dependencies.catalog.remove(eventTypeName)
            throw error
        }
        switch outcome {
        case .accepted:
            dependencies.monitoring.metrics.messageAccepted(eventType: eventTypeName)
            return JSONResponse.make(bytes: Representations.messageJSON(message), status: .accepted)
        case .duplicateEventID(let existing):
            throw Self.duplicate(eventID ?? "", existing)
        case .idempotencyKeyReused:
            throw APIError(.unprocessableContent, "idempotency_key_reused", "Idempotency-Key '\(idempotencyKey ?? "")' was already used with a different body")
        case .idempotentReplay(.accepted(let firstID)):
            guard let first = try await dependencies.store.message(appID: app.id, id: firstID) else {
                throw APIError.notFound("the message first accepted with this Idempotency-Key (\(firstID)) no longer exists")
            }
            return JSONResponse.make(bytes: Representations.messageJSON(first), status: .accepted)
        case .idempotentReplay(.duplicateEventID(let existing)):
            throw Self.duplicate(eventID ?? "", existing)
        }
    }

    private func list(_ request: Request, _ context: HeraldContext) async throws -> Response {
        let app = try await dependencies.application(try request.parameter("app", context))
        let page = try Pagination.pageRequest(request)
        let query = request.uri.queryParameters
        var filter = MessageFilter()
        if let eventType = query["eventType"] {
            guard EventTypeRoutes.isValidName(String(eventType)) else {
                throw APIError.validation("eventType must be an event type name such as order.created, got '\(eventType)'")
            }
            filter.eventType = String(eventType)
        }
        filter.before = try Self.time(query["before"].map(String.init), "before")
        filter.after = try Self.time(query["after"].map(String.init), "after")
        if let status = query["status"] {
            guard let value = MessageDeliveryStatus(rawValue: String(status)) else {
                throw APIError.validation("status must be one of delivered, pending, failing; got '\(status)'")
            }
            filter.status = value
        }
        let messages = try await dependencies.store.listMessages(appID: app.id, filter: filter, page)
        return JSONResponse.make(bytes: Representations.messageListJSON(messages))
    }

    private static func duplicate(_ eventID: String, _ existing: String) -> APIError {
        APIError(.conflict, "duplicate_event_id", "eventId '\(eventID)' was already sent as message \(existing)", messageID: existing)
    }

    private static func idempotencyKey(_ request: Request) throws -> String? {
        guard let key = request.headers[HTTPField.Name("Idempotency-Key")!] else { return nil }
        guard key.utf8.count <= 255, APIPatterns.idempotencyKey.matches(key) else {
            throw APIError.validation("Idempotency-Key must be 1 to 255 printable ASCII characters, without a space at either end")
        }
        return key
    }

    private static func time(_ text: String?, _ name: String) throws -> Int64? {
        guard let text else { return nil }
        guard let milliseconds = RFC3339.parse(text) else {
            throw APIError.validation("\(name) must be an RFC 3339 time such as 2026-12-01T08:00:00Z, got '\(text)'")
        }
        return milliseconds
    }
}
