/// A message to accept, with the idempotency key it came with, if any.
public struct MessageSubmission: Sendable {
    /// The message to store.
    public var message: MessageRecord
    /// The request's `Idempotency-Key` and a hash of its body.
    public var idempotency: IdempotencyClaim?
    /// What the caller decided from: the versions of the application and the event type it
    /// read, perhaps from a cache. A store shared by several processes accepts the message only
    /// if both are still current when it does (in the same transaction), and throws `changed`
    /// otherwise, so that a change acknowledged by one process applies in every other to every
    /// message accepted afterwards. A store one process owns may ignore it.
    public var readVersions: ReadVersions?
    /// Deliver to this endpoint of the application alone, whatever event types it subscribes to
    /// (an endpoint test); nil delivers to every enabled endpoint subscribed to the event type.
    public var onlyEndpoint: String?

    /// Creates a submission.
    public init(message: MessageRecord, idempotency: IdempotencyClaim?, readVersions: ReadVersions? = nil, onlyEndpoint: String? = nil) {
        self.message = message
        self.idempotency = idempotency
        self.readVersions = readVersions
        self.onlyEndpoint = onlyEndpoint
    }
}

/// The `updatedAt` of the application and of the event type a message was checked against.
public struct ReadVersions: Sendable, Equatable {
    /// The application's `updatedAt` as read.
    public var applicationUpdatedAt: Int64
    /// The event type's `updatedAt` as read.
    public var eventTypeUpdatedAt: Int64

    /// Creates the versions.
    public init(applicationUpdatedAt: Int64, eventTypeUpdatedAt: Int64) {
        self.applicationUpdatedAt = applicationUpdatedAt
        self.eventTypeUpdatedAt = eventTypeUpdatedAt
    }
}

/// An `Idempotency-Key` and the SHA-256 of the request it came with.
public struct IdempotencyClaim: Sendable, Equatable {
    /// The key as the client sent it.
    public var key: String
    /// SHA-256 of the request body: the same key with another body is refused.
    public var requestHash: [UInt8]

    /// Creates a claim.
    public init(key: String, requestHash: [UInt8]) {
        self.key = key
        self.requestHash = requestHash
    }
}

/// What accepting a message came to; every case is durable when returned.
public enum AcceptOutcome: Sendable, Equatable {
    /// Stored, with one delivery per matching endpoint.
    case accepted(deliveries: Int)
    /// The application already has a message with this event id.
    case duplicateEventID(existingMessageID: String)
    /// The idempotency key was seen with the same body: answer as the first time.
    case idempotentReplay(first: IdempotentAnswer)
    /// The idempotency key was seen with a different body.
    case idempotencyKeyReused
}

/// The answer first given to a request with an idempotency key.
public enum IdempotentAnswer: Sendable, Equatable {
    /// The message was accepted as this id.
    case accepted(messageID: String)
    /// The message was refused as a duplicate of this id.
    case duplicateEventID(existingMessageID: String)
}
