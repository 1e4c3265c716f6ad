import Foundation

/// One event of a batch request: its message id (drop an event whose id you have processed
/// before: a retried batch, or a message resent on its own, brings it again) and its envelope.
public struct BatchedEvent: Sendable, Equatable {
    /// The message id, `msg_…`: the event's idempotency key.
    public let id: String
    /// The event type, such as `order.created`.
    public let type: String
    /// When the event happened.
    public let timestamp: Date
    /// The event type's version, if it has one.
    public let version: String?
    /// The producer's JSON payload, exactly the bytes the batch carried.
    public let data: [UInt8]

    /// An event with its message id.
    public init(id: String, type: String, timestamp: Date, version: String? = nil, data: [UInt8]) {
        self.id = id
        self.type = type
        self.timestamp = timestamp
        self.version = version
        self.data = data
    }

    /// The event as an envelope, without its id.
    public var envelope: EventEnvelope {
        EventEnvelope(type: type, timestamp: timestamp, version: version, data: data)
    }
}
