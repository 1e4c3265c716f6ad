import Synchronization

/// Approved targets by endpoint URL for a short while, so an endpoint's URL is parsed, its
/// name resolved and its address checked once per `lifetime` rather than on every attempt.
/// Refusals are not cached: a fixed DNS record or allowlist takes effect on the next attempt.
final class GuardedTargetCache: Sendable {
    private struct Entry {
        let target: GuardedTarget
        let expires: ContinuousClock.Instant
    }

    private let entries = Mutex<[String: Entry]>([:])
    private let lifetime: Duration
    private let capacity: Int

    init(lifetime: Duration = .seconds(30), capacity: Int = 10_000) {
        self.lifetime = lifetime
        self.capacity = capacity
    }

    /// The approved target for `url`: cached, or resolved and checked within `timeout`.
    func target(for url: String, guard networkGuard: NetworkGuard, within timeout: Duration) async throws(GuardedTarget.Failure) -> GuardedTarget {
        let now = ContinuousClock.now
        if let entry = entries.withLock({ $0[url] }), entry.expires > now { return entry.target }
        let target = try await GuardedTarget.resolve(url, guard: networkGuard, within: timeout)
        entries.withLock { entries in
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[url] = Entry(target: target, expires: now + lifetime)
        }
        return target
    }
}
