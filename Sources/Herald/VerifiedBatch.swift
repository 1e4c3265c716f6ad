/// A batch request that passed every check: signed by one of the keys over the whole body,
/// within the timestamp tolerance, and a JSON array of envelopes as many as
/// `webhook-batch-size` says.
public struct VerifiedBatch: Sendable, Equatable {
    /// The batch's `webhook-id` (`bat_…`): the same on every retry of the batch.
    public let id: String
    /// The `webhook-timestamp`, unix seconds.
    public let timestamp: Int64
    /// The events in the order the body lists them; de-duplicate each by its ``BatchedEvent/id``.
    public let events: [BatchedEvent]

    /// A verified batch.
    public init(id: String, timestamp: Int64, events: [BatchedEvent]) {
        self.id = id
        self.timestamp = timestamp
        self.events = events
    }
}
