/// The body of `POST /api/v1/apps/{app}/endpoints/{ep}/test`: which event type to send an
/// example of (default: the endpoint's first subscribed type, else the catalog's first).
public struct EndpointTestIn: Codable, Sendable, Equatable {
    /// The event type.
    public var eventType: String?

    /// A test of `eventType`, or of the default.
    public init(eventType: String? = nil) {
        self.eventType = eventType
    }
}

/// What an endpoint test answers: the message sent, and its first attempt (nil when the
/// attempt was not recorded yet: the message is delivered and retried like any other).
public struct EndpointTestOut: Codable, Sendable, Equatable {
    /// The message.
    public let message: MessageOut
    /// Its first attempt, if recorded.
    public let attempt: AttemptOut?

    /// The answer.
    public init(message: MessageOut, attempt: AttemptOut?) {
        self.message = message
        self.attempt = attempt
    }
}
