import Foundation
import Herald
import HeraldAPI

extension HeraldClient {
    /// `POST /api/v1/apps/{app}/messages`: sends an event to the application's endpoints.
    ///
    /// The payload's numbers keep their value (within `Decimal`'s 38 digits, else this throws);
    /// use ``sendMessage(app:eventType:payload:eventId:idempotencyKey:)`` to keep its exact bytes.
    /// - Parameter idempotencyKey: Sent as `Idempotency-Key`: a retry with the same key and
    ///   body returns the first answer instead of sending a second message.
    public func sendMessage(app: String, _ message: MessageIn, idempotencyKey: String? = nil) async throws(HeraldClientError) -> MessageOut {
        try await send(messageRequest(app: app, body: try encodeBody(message), idempotencyKey: idempotencyKey))
    }

    /// `POST /api/v1/apps/{app}/messages` with the payload as raw JSON bytes, spliced into the
    /// body untouched so they arrive (and are signed and delivered) byte for byte.
    ///
    /// - Parameter payload: One JSON object; anything else throws `invalid_request` before
    ///   any request is made.
    public func sendMessage(app: String, eventType: String, payload: [UInt8], eventId: String? = nil, idempotencyKey: String? = nil) async throws(HeraldClientError) -> MessageOut {
        if let problem = MessageBody.problem(withPayload: payload) {
            throw HeraldClientError(status: 0, code: HeraldClientError.Code.invalidRequest, message: problem)
        }
        let body = MessageBody.spliced(eventType: eventType, payload: payload, eventId: eventId)
        return try await send(messageRequest(app: app, body: body, idempotencyKey: idempotencyKey))
    }

    /// `GET /api/v1/apps/{app}/messages`: one page of the application's messages, newest first.
    ///
    /// - Parameters:
    ///   - eventType: Only messages of this type.
    ///   - before: Only messages created before this time.
    ///   - after: Only messages created after this time.
    public func listMessages(app: String, eventType: String? = nil, before: Date? = nil, after: Date? = nil, limit: Int? = nil, cursor: String? = nil) async throws(HeraldClientError) -> ListResponse<MessageOut> {
        let query = [
            APIRequest.QueryItem(name: "eventType", value: eventType),
            APIRequest.QueryItem(name: "before", value: before.map(Self.rfc3339)),
            APIRequest.QueryItem(name: "after", value: after.map(Self.rfc3339)),
        ] + APIRequest.paging(limit: limit, cursor: cursor)
        return try await send(.api(.get, "apps", app, "messages", query: query))
    }

    /// `GET /api/v1/apps/{app}/messages/{msg}`: one message.
    public func message(app: String, id: String) async throws(HeraldClientError) -> MessageOut {
        try await send(.api(.get, "apps", app, "messages", id))
    }

    /// The request of both `sendMessage` variants.
    func messageRequest(app: String, body: [UInt8], idempotencyKey: String?) -> APIRequest {
        var request = APIRequest.api(.post, "apps", app, "messages", body: body)
        if let idempotencyKey {
            request.headers.append((name: "Idempotency-Key", value: idempotencyKey))
        }
        return request
    }

    /// `2026-12-01T08:00:00.000Z`, as the API's `before` and `after` take it.
    static func rfc3339(_ date: Date) -> String {
        RFC3339.format(milliseconds: Int64((date.timeIntervalSince1970 * 1000).rounded(.down)))
    }
}
