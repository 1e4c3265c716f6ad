/// One endpoint's circuit breaker: after `threshold` consecutive failed attempts it opens for
/// `coolDown`, so a dead endpoint costs one probe at a time instead of a flood; then one probe
/// goes through (half-open); a success closes it, a failure opens it again.
public struct CircuitBreaker: Sendable, Equatable {
    /// The breaker's position.
    public enum State: Sendable, Equatable {
        /// Deliveries flow.
        case closed
        /// Nothing is sent until the time given (milliseconds since 1970).
        case open(until: Int64)
        /// One probe may go; `probing` while it is on the wire.
        case halfOpen(probing: Bool)
    }

    /// Consecutive failures that open the breaker.
    public let threshold: Int
    /// How long it stays open, in milliseconds.
    public let coolDownMilliseconds: Int64
    /// Where it stands.
    public private(set) var state: State = .closed
    /// Failed attempts in a row.
    public private(set) var consecutiveFailures = 0

    /// A closed breaker.
    public init(threshold: Int, coolDownMilliseconds: Int64) {
        self.threshold = threshold
        self.coolDownMilliseconds = coolDownMilliseconds
    }

    /// How many attempts may start now, given how many are in flight.
    public mutating func allowance(now: Int64, limit: Int, inFlight: Int) -> Int {
        switch state {
        case .closed:
            return max(0, limit - inFlight)
        case .open(let until):
            guard now >= until else { return 0 }
            state = .halfOpen(probing: false)
            return inFlight == 0 ? 1 : 0
        case .halfOpen(let probing):
            return probing || inFlight > 0 ? 0 : 1
        }
    }

    /// Marks that the half-open probe started.
    public mutating func probeStarted() {
        if case .halfOpen = state { state = .halfOpen(probing: true) }
    }

    /// Records an attempt's outcome; returns true when this closed a breaker that had opened.
    @discardableResult
    public mutating func record(success: Bool, now: Int64) -> (opened: Bool, recovered: Bool) {
        if success {
            let wasOpen = state != .closed
            consecutiveFailures = 0
            state = .closed
            return (false, wasOpen)
        }
        consecutiveFailures += 1
        switch state {
        case .halfOpen:
            state = .open(until: now + coolDownMilliseconds)
            return (true, false)
        case .closed where consecutiveFailures >= threshold:
            state = .open(until: now + coolDownMilliseconds)
            return (true, false)
        default:
            return (false, false)
        }
    }

    /// Opens the breaker until `until` (or keeps it open longer) without an attempt of this
    /// process: another process sharing the store saw the endpoint fail.
    public mutating func adoptOpen(until: Int64) {
        state = .open(until: max(openUntil ?? until, until))
    }

    /// Closes the breaker and forgets its failures: another process's probe succeeded.
    public mutating func adoptClosed() {
        state = .closed
        consecutiveFailures = 0
    }

    /// When the breaker lets a probe through, if it is open.
    public var openUntil: Int64? {
        if case .open(let until) = state { return until }
        return nil
    }
}
