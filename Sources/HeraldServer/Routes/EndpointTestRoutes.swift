import Foundation
import Herald
import HeraldJSON
import HeraldStore
import Hummingbird

/// `POST /api/v1/apps/{app}/endpoints/{ep}/test`: sends an example event to one endpoint now
/// and answers with the attempt. The event is a real message (listed with the others, retried
/// like them if it fails) delivered to this endpoint alone, whatever event types it subscribes
/// to; its payload is the schema's own example, or one built from the schema that validates
/// against it (``JSONSchema/example()``), or `{"test": true}` when the type has no schema (or
/// one no value can be built for, such as a `pattern` none of the common shapes matches).
struct EndpointTestRoutes {
    let dependencies: ServerDependencies

    func register(on api: RouterGroup<HeraldContext>) {
        api.post("apps/:app/endpoints/:ep/test") { request, context in try await test(request, context) }
    }

    private func test(_ request: Request, _ context: HeraldContext) async throws -> Response {
        let app = try await dependencies.application(try request.parameter("app", context))
        let endpointID = try request.parameter("ep", context)
        guard let endpoint = try await dependencies.store.endpoint(appID: app.id, id: endpointID) else {
            throw APIError.notFound("no endpoint '\(endpointID)' in application '\(app.id)'")
        }
        guard !endpoint.disabled else {
            throw APIError.conflict("endpoint \(endpoint.id) is disabled: enable it (PATCH with \"disabled\": false) to test it")
        }
        let fields = try await JSONRequestBody.read(request, limit: dependencies.configuration.maxPayloadBytes, allowEmpty: true).fields
        try fields.requireOnly(["eventType"])
        let named = try fields.string("eventType", length: 1...256)
        var name = named ?? endpoint.eventTypes.first
        if name == nil { name = try await dependencies.store.listEventTypes(PageRequest(limit: 1, after: nil)).items.first?.name }
        guard let name else {
            throw APIError.validation("the event catalog is empty: create an event type with POST /api/v1/event-types, or name one in eventType")
        }
        guard let eventType = try await dependencies.catalog.entry(name) else {
            throw APIError.validation("eventType '\(name)' is not in the event catalog; create it with POST /api/v1/event-types")
        }
        let payload = eventType.schema.flatMap { $0.example() }?.serializedBytes() ?? Array(#"{"test":true}"#.utf8)
        let now = dependencies.now()
        let message = MessageRecord(id: dependencies.ids.next(.message).rawValue, appID: app.id, eventType: name, eventID: nil,
                                    version: eventType.record.version, payload: payload, createdAt: now)
        _ = try await dependencies.store.acceptMessage(MessageSubmission(message: message, idempotency: nil, onlyEndpoint: endpoint.id), now: now)
        let attempt = try await firstAttempt(of: message, endpoint: endpoint)
        // {"message": …, "attempt": … or null}: the message written as every message is (its
        // payload as stored), the attempt as the attempt lists show it.
        let body = Array(#"{"message":"#.utf8) + Representations.messageJSON(message) + Array(#","attempt":"#.utf8)
            + (attempt.map { JSONResponse.encoded(Representations.attempt($0)) } ?? Array("null".utf8)) + [UInt8(ascii: "}")]
        return JSONResponse.make(bytes: body, status: attempt == nil ? .accepted : .ok)
    }

    /// The message's first attempt once it is recorded, waiting at most
    /// ``APIConfiguration/testAttemptWait`` (nil at once when this process does not deliver).
    private func firstAttempt(of message: MessageRecord, endpoint: EndpointRecord) async throws -> AttemptRecord? {
        guard let wait = dependencies.configuration.testAttemptWait else { return nil }
        let deadline = ContinuousClock.now + wait
        while true {
            let attempts = try await dependencies.store.listAttempts(appID: message.appID, messageID: message.id, endpointID: endpoint.id,
                                                                     filter: AttemptFilter(), PageRequest(limit: 1, after: nil))
            if let attempt = attempts.items.first { return attempt }
            guard ContinuousClock.now < deadline else { return nil }
            try await Task.sleep(for: .milliseconds(20))
        }
    }
}
