/// A token bucket for an endpoint's `rateLimit` (requests per second), holding up to one
/// second's worth of tokens so short bursts pass and the average holds.
public struct TokenBucket: Sendable, Equatable {
    /// Tokens added per second.
    public let ratePerSecond: Double
    private var tokens: Double
    private var updatedAt: Int64

    /// A full bucket.
    public init(ratePerSecond: Int, now: Int64) {
        self.init(ratePerSecond: Double(max(1, ratePerSecond)), now: now)
    }

    /// A full bucket for a fractional rate (a process's share of an endpoint's rate), which must
    /// be positive. It holds at least one token, so a rate below one per second still sends.
    public init(ratePerSecond: Double, now: Int64) {
        self.ratePerSecond = ratePerSecond
        self.tokens = max(1, ratePerSecond)
        self.updatedAt = now
    }

    private var capacity: Double { max(1, ratePerSecond) }

    private mutating func refill(now: Int64) {
        guard now > updatedAt else { return }
        tokens = min(capacity, tokens + Double(now - updatedAt) / 1000 * ratePerSecond)
        updatedAt = now
    }

    /// Takes a token if one is there.
    public mutating func take(now: Int64) -> Bool {
        refill(now: now)
        guard tokens >= 1 else { return false }
        tokens -= 1
        return true
    }

    /// When the next token will be there (milliseconds since 1970).
    public mutating func nextTokenAt(now: Int64) -> Int64 {
        refill(now: now)
        if tokens >= 1 { return now }
        return now + Int64(((1 - tokens) / ratePerSecond * 1000).rounded(.up))
    }
}
