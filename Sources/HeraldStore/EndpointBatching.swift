/// How a batched endpoint receives its messages: several in one request, a JSON array of
/// envelopes signed as one.
public struct EndpointBatching: Sendable, Equatable {
    /// The most events one request carries (the API allows 1 to 1,000).
    public var maxEvents: Int
    /// How long a due delivery may wait for others to fill its batch, in milliseconds (the API
    /// allows 0 to 10,000; 0 sends whatever is due at once).
    public var maxWaitMilliseconds: Int

    /// Creates the option.
    public init(maxEvents: Int, maxWaitMilliseconds: Int) {
        self.maxEvents = maxEvents
        self.maxWaitMilliseconds = maxWaitMilliseconds
    }
}
