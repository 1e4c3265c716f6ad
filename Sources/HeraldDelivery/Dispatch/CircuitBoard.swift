import Synchronization

/// The circuits this process's dispatcher holds open, for whoever reports on endpoints (the
/// statistics API, `/metrics`): written by the dispatcher as circuits open and close, read at
/// any time. An entry whose time has passed is half-open: the next attempt is the probe.
public final class CircuitBoard: Sendable {
    private let openUntil = Mutex<[String: Int64]>([:])

    /// An empty board.
    public init() {}

    /// The endpoint's circuit opened until `until` (milliseconds since 1970).
    func opened(_ endpointID: String, until: Int64) {
        openUntil.withLock { $0[endpointID] = until }
    }

    /// The endpoint's circuit closed, or the dispatcher forgot it (the endpoint changed).
    func closed(_ endpointID: String) {
        _ = openUntil.withLock { $0.removeValue(forKey: endpointID) }
    }

    /// Until when the endpoint's circuit is open at `now`, or nil when it is not.
    public func openUntil(_ endpointID: String, now: Int64) -> Int64? {
        openUntil.withLock { $0[endpointID] }.flatMap { $0 > now ? $0 : nil }
    }

    /// The endpoints whose circuit is open at `now`.
    public func openEndpoints(now: Int64) -> Set<String> {
        openUntil.withLock { circuits in
            circuits = circuits.filter { $0.value > now - 3_600_000 }
            return Set(circuits.filter { $0.value > now }.keys)
        }
    }
}
