import DequeModule
import HeraldStore

/// What the dispatcher holds for one endpoint: claimed deliveries waiting for a slot, how many
/// are on the wire, its current concurrency (halved when it asks to slow down, regained one
/// by one on success), its circuit breaker and its rate limit.
///
/// The queue is a prefetch: while the store may hold more of the endpoint's due deliveries, a
/// queue shorter than ``refillBelow`` asks for a claim, so the next ones are in memory before
/// the slots free up; a queue of ``enoughQueued`` or more leaves the endpoint out of claims,
/// so one busy endpoint cannot take every claimed place from the others.
///
/// A batched endpoint's slots carry batches (see ``EndpointLane/plannedRequests(now:capacityReached:)``),
/// and its prefetch is sized in batches rather than in slots.
///
/// A class, owned by the dispatcher's ``DispatchSchedule``, so the queue is mutated in place
/// rather than copied out of and back into a dictionary for every change.
final class EndpointLane {
    var queue = Deque<ClaimedDelivery>()
    var inFlight = 0
    var limit: Int
    let maximum: Int
    var breaker: CircuitBreaker
    var bucket: TokenBucket?
    /// True while the store may hold more of this endpoint's due deliveries than were claimed.
    var mayHaveMore = false
    /// Several deliveries per request, as the endpoint is configured now.
    var batching: EndpointBatching?
    /// Since when the oldest delivery waiting to be put into a new batch has waited.
    var batchWaitingSince: Int64?
    /// The endpoint's own rate limit (requests per second for the whole endpoint), if any.
    private(set) var configuredRate: Int?
    /// The endpoint's request deadline, in milliseconds.
    var timeoutMilliseconds: Int64
    /// This process's part of the endpoint's limits, when the store is shared by several
    /// processes (nil when it is not, see ``LaneShare``).
    var share: LaneShare?

    init(maximum: Int, breaker: CircuitBreaker, timeoutMilliseconds: Int64, shared: Bool, now: Int64) {
        self.limit = maximum
        self.maximum = maximum
        self.breaker = breaker
        self.timeoutMilliseconds = timeoutMilliseconds
        self.share = shared ? LaneShare(lastActiveAt: now) : nil
    }

    /// A queue shorter than this asks for a claim (while ``mayHaveMore``): four rounds of slots,
    /// or two full batches; half of ``enoughQueued`` for a rate-limited endpoint.
    var refillBelow: Int { min(max(4 * maximum, 2 * (batching?.maxEvents ?? 0)), max(1, enoughQueued / 2)) }
    /// A queue this long leaves the endpoint out of claims: eight rounds of slots, or four full
    /// batches; for a rate-limited endpoint at most ``rateLimitedQueueSeconds`` of its rate.
    var enoughQueued: Int {
        let rounds = max(8 * maximum, 4 * (batching?.maxEvents ?? 0))
        guard let bucket else { return rounds }
        return min(rounds, max(2, Int(bucket.ratePerSecond * Double(Self.rateLimitedQueueSeconds))))
    }
    /// How many seconds of its rate a rate-limited lane queues at most: well inside a claim's
    /// lease (at least 4 request timeouts, 2 minutes by default), so that queued deliveries are
    /// sent long before their leases end rather than given back.
    static let rateLimitedQueueSeconds = 20

    /// True when the dispatcher should not claim more for this endpoint for now: enough is
    /// queued, or its circuit is open and the cool-down has not passed.
    func isSaturated(now: Int64) -> Bool {
        queue.count >= enoughQueued || isOpen(now: now) || share?.excludesClaims == true
    }

    /// True when the queue holds a full prefetch, or the circuit is open: a new claim would not
    /// start anything sooner.
    func isStocked(now: Int64) -> Bool {
        queue.count >= refillBelow || isOpen(now: now)
    }

    /// True when the queue runs low while the store may hold more that is due.
    func wantsMore(now: Int64) -> Bool {
        mayHaveMore && queue.count < refillBelow && !isOpen(now: now)
    }

    /// True when nothing would be held for the lane anyway: empty, nothing on the wire, a clean
    /// record and no rate limit to remember.
    var isIdleAndHealthy: Bool {
        queue.isEmpty && inFlight == 0 && !mayHaveMore && breaker.state == .closed && breaker.consecutiveFailures == 0 && bucket == nil
    }

    private func isOpen(now: Int64) -> Bool {
        breaker.openUntil.map { $0 > now } ?? false
    }

    /// The rate limit as configured on the endpoint right now.
    func applyRateLimit(_ rateLimit: Int?, now: Int64) {
        configuredRate = rateLimit
        updateBucket(now: now)
    }

    /// Sets the bucket to the rate this process may use: the endpoint's own, or with a shared
    /// store this process's part of it (none granted yet: no bucket, and no slots either).
    func updateBucket(now: Int64) {
        let rate: Double?
        if let share {
            rate = configuredRate == nil ? nil : share.ratePerSecond
        } else {
            rate = configuredRate.map { Double(max(1, $0)) }
        }
        guard let rate, rate > 0 else {
            bucket = nil
            return
        }
        if bucket?.ratePerSecond != rate { bucket = TokenBucket(ratePerSecond: rate, now: now) }
    }

    /// Requests that may be on the wire at once: the current concurrency, within this process's
    /// share of the endpoint when the store is shared (none while the share's lease would end
    /// before a request's deadline, or its rate part is zero).
    func slotLimit(now: Int64) -> Int {
        guard let share else { return limit }
        return min(limit, share.usableSlots(now: now, timeoutMilliseconds: timeoutMilliseconds, rateLimited: configuredRate != nil))
    }

    /// Takes the requests that may start now: as many as free slots, the circuit breaker and the
    /// rate limit (one token per request) allow, and at most `atMost` (the dispatcher's tick
    /// comes back for the ones held back). `capacityReached` says the dispatcher cannot claim
    /// more, so a batch waiting to fill goes as it is.
    func plannedRequests(now: Int64, capacityReached: Bool, atMost: Int = .max) -> [PlannedRequest] {
        guard !queue.isEmpty else { return [] }
        let slots = slotLimit(now: now)
        var allowance = min(breaker.allowance(now: now, limit: slots, inFlight: inFlight), slots - inFlight, queue.count, atMost)
        guard allowance > 0 else { return [] }
        if case .halfOpen = breaker.state { allowance = 1 }
        var planned = [PlannedRequest]()
        while planned.count < allowance, let next = nextRequestReady(now: now, capacityReached: capacityReached) {
            if var bucket {
                let taken = bucket.take(now: now)
                self.bucket = bucket
                guard taken else { break }
            }
            planned.append(takeRequest(next, now: now))
        }
        if !planned.isEmpty, case .halfOpen = breaker.state { breaker.probeStarted() }
        if !planned.isEmpty { share?.lastActiveAt = now }
        inFlight += planned.count
        return planned
    }

    /// Removes and returns the queued deliveries whose lease ends before `deadline`: a request
    /// started now could outlast its claim, and another process could claim them meanwhile.
    /// (The queue is in claim order, so the oldest leases come first.)
    func takeLeasesEnding(before deadline: Int64) -> [ClaimedDelivery] {
        guard let first = queue.first, first.leaseUntil < deadline else { return [] }
        defer { forgetBatchWaitIfNoneWaits() }
        return take { $0.leaseUntil < deadline }
    }

    /// Removes the newest queued deliveries beyond ``enoughQueued`` and returns them; members
    /// of an earlier batch stay (a batch is sent whole, by the process that holds it).
    func takeExcess() -> [ClaimedDelivery] {
        let excess = queue.count - enoughQueued
        guard excess > 0 else { return [] }
        let newest = Set(queue.reversed().lazy.filter { $0.batchID == nil }.prefix(excess).map(\.deliveryID))
        defer { forgetBatchWaitIfNoneWaits() }
        return take { newest.contains($0.deliveryID) }
    }

    /// No delivery waits to join a new batch any more: its waiting clock stops.
    private func forgetBatchWaitIfNoneWaits() {
        if !queue.contains(where: Self.joinsNewBatch) { batchWaitingSince = nil }
    }

    /// Removes every queued delivery and returns them.
    func emptyQueue() -> [ClaimedDelivery] {
        let queued = Array(queue)
        queue.removeAll()
        batchWaitingSince = nil
        return queued
    }

    /// Queues a claimed delivery.
    func enqueue(_ delivery: ClaimedDelivery, now: Int64) {
        queue.append(delivery)
        if batching != nil, Self.joinsNewBatch(delivery), batchWaitingSince == nil { batchWaitingSince = now }
    }
}
