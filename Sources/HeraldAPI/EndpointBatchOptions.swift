/// An endpoint's `batch` option: several events per request, as a JSON array of envelopes.
public struct EndpointBatchOptions: Codable, Sendable, Equatable {
    /// The most events one request carries, 1 to 1,000.
    public var maxEvents: Int
    /// How long, in milliseconds, a due event may wait for others to fill its batch, 0 to 10,000.
    public var maxWaitMs: Int

    /// Creates the option.
    public init(maxEvents: Int, maxWaitMs: Int) {
        self.maxEvents = maxEvents
        self.maxWaitMs = maxWaitMs
    }
}
