import Foundation

/// One event as the receiver keeps it and hands it to a handler: a single webhook's, or one
/// member of a batch.
public struct ReceivedEvent: Sendable, Equatable {
    /// The event's idempotency key: the request's `webhook-id`, or a batch member's `"id"`.
    public let id: String
    /// The `webhook-id` of the request that brought it (the batch's id for a batch member).
    public let requestID: String
    /// The event type, such as `order.created`.
    public let type: String
    /// The event type's version, when the sender versions it.
    public let version: String?
    /// When the event happened, by the sender's clock.
    public let timestamp: Date
    /// The event's `data`: exactly the JSON bytes the sender signed.
    public let data: [UInt8]

    /// An event as received.
    public init(id: String, requestID: String, type: String, version: String?, timestamp: Date, data: [UInt8]) {
        self.id = id
        self.requestID = requestID
        self.type = type
        self.version = version
        self.timestamp = timestamp
        self.data = data
    }

    /// Decodes `data` as `T` with a `JSONDecoder` (dates in ISO 8601 unless `decoder` says otherwise).
    public func decode<T: Decodable>(_ type: T.Type, using decoder: JSONDecoder = ReceivedEvent.defaultDecoder) throws -> T {
        try decoder.decode(T.self, from: Data(data))
    }

    /// A decoder that reads ISO 8601 dates.
    public static var defaultDecoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}
