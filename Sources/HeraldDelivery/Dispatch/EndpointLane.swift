import DequeModule
import HeraldStore

/// What the dispatcher holds for one endpoint: claimed deliveries waiting for a slot, how many
/// are on the wire, its current concurrency (halved when it asks to slow down, regained one
/// by one on success), its circuit breaker and its rate limit.
///
/// A class, owned by the dispatcher actor, so the queue is mutated in place rather than
/// copied out of and back into a dictionary for every change.
final class EndpointLane {
    var queue = Deque<ClaimedDelivery>()
    var inFlight = 0
    var limit: Int
    let maximum: Int
    var breaker: CircuitBreaker
    var bucket: TokenBucket?

    init(maximum: Int, breaker: CircuitBreaker) {
        self.limit = maximum
        self.maximum = maximum
        self.breaker = breaker
    }

    /// True when the dispatcher should not claim more for this endpoint for now: enough is
    /// queued, or its circuit is open and the cool-down has not passed.
    func isSaturated(now: Int64) -> Bool {
        queue.count >= 10 * maximum || (breaker.openUntil.map { $0 > now } ?? false)
    }

    /// The rate limit as configured on the endpoint right now.
    func applyRateLimit(_ rateLimit: Int?, now: Int64) {
        guard let rateLimit else {
            bucket = nil
            return
        }
        if bucket?.ratePerSecond != Double(rateLimit) { bucket = TokenBucket(ratePerSecond: rateLimit, now: now) }
    }

    /// Takes the deliveries that may start now (the dispatcher's tick comes back for the ones a
    /// rate limit holds back).
    func startable(now: Int64) -> [ClaimedDelivery] {
        guard !queue.isEmpty else { return [] }
        var allowance = min(breaker.allowance(now: now, limit: limit, inFlight: inFlight), queue.count)
        guard allowance > 0 else { return [] }
        if case .halfOpen = breaker.state { allowance = 1 }
        var started = [ClaimedDelivery]()
        while started.count < allowance {
            if var bucket {
                let taken = bucket.take(now: now)
                self.bucket = bucket
                guard taken else { break }
            }
            started.append(queue.removeFirst())
        }
        if !started.isEmpty, case .halfOpen = breaker.state { breaker.probeStarted() }
        inFlight += started.count
        return started
    }
}
