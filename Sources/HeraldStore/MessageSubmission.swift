/// A message to accept, with the idempotency key it came with, if any.
public struct MessageSubmission: Sendable {
    /// The message to store.
    public var message: MessageRecord
    /// The request's `Idempotency-Key` and a hash of its body.
    public var idempotency: IdempotencyClaim?

    /// Creates a submission.
    public init(message: MessageRecord, idempotency: IdempotencyClaim?) {
        self.message = message
        self.idempotency = idempotency
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
