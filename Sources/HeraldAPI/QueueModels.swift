/// The delivery queue now, as the server's statistics (`GET /api/v1/stats`) show it: the same
/// figures as `/metrics`' `herald_queue_deliveries` and `herald_queue_oldest_due_age_seconds`.
public struct QueueOut: Codable, Sendable, Equatable {
    /// Deliveries due now and not yet claimed by a dispatcher.
    public var due: Int
    /// Deliveries waiting for a later time: a retry, or the end of an open circuit's cool-down.
    public var scheduled: Int
    /// Deliveries a dispatcher has claimed: queued in its memory or on the wire.
    public var inFlight: Int
    /// How long the oldest due delivery has been due, in seconds (0 when none is).
    public var oldestDueAgeSeconds: Double

    /// Creates the representation.
    public init(due: Int, scheduled: Int, inFlight: Int, oldestDueAgeSeconds: Double) {
        self.due = due
        self.scheduled = scheduled
        self.inFlight = inFlight
        self.oldestDueAgeSeconds = oldestDueAgeSeconds
    }
}
