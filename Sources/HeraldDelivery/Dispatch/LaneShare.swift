/// This process's part of one endpoint's limits when several processes share the store (see
/// `EndpointShareStore`): the slots and rate granted at the last renewal, until when the grant
/// holds, and the circuit news this process has to publish.
struct LaneShare {
    /// Slots granted at the last renewal; nil before the first grant and after giving it back.
    var slots: Int?
    /// Requests per second granted, when the endpoint has a rate limit.
    var ratePerSecond: Double?
    /// Until when the grant holds (milliseconds since 1970): a request starts only if its
    /// deadline falls before it, so that once the grant lapses nothing of this process is left
    /// on the wire and the store may give its slots to others.
    var leaseUntil: Int64 = 0
    /// At the last renewal the endpoint's shared circuit was open, or letting one probe through.
    var circuitShared = false
    /// This process's breaker opened until this time: to publish at the next renewal.
    var openedUntil: Int64?
    /// A success closed the circuit here: to publish at the next renewal.
    var closed = false
    /// When the lane last had work; it keeps asking for its share a while after, so that a
    /// steady trickle of messages does not wait for a renewal each time.
    var lastActiveAt: Int64

    init(lastActiveAt: Int64) {
        self.lastActiveAt = lastActiveAt
    }

    /// True when other processes hold every slot: the lane leaves the endpoint to them.
    var excludesClaims: Bool { slots == 0 }

    /// True when the lane has circuit news for the other processes.
    var hasNews: Bool { openedUntil != nil || closed }

    /// Slots usable for a request starting now that lasts up to `timeoutMilliseconds`.
    func usableSlots(now: Int64, timeoutMilliseconds: Int64, rateLimited: Bool) -> Int {
        guard let slots, now + timeoutMilliseconds <= leaseUntil else { return 0 }
        if rateLimited && (ratePerSecond ?? 0) <= 0 { return 0 }
        return slots
    }
}

extension EndpointLane {
    /// True while this process's part of the endpoint is not yet what the division will give
    /// it: it has work and no slot (the others hold them all, for now), or it has more on the
    /// wire than its grant (it took more before another process joined, and the slots it gives
    /// back are only counted free at its next renewal).
    var isConverging: Bool {
        guard let slots = share?.slots else { return false }
        return (slots == 0 && (mayHaveMore || !queue.isEmpty)) || inFlight > slots
    }
}
