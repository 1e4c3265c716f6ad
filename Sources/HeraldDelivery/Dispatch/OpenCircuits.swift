import HeraldStore

/// Which endpoints' circuits are open, for whoever reports on endpoints (the statistics API,
/// `/metrics`, in any process, delivering or not).
///
/// On a store several processes share (PostgreSQL) a breaker that opens is published to the
/// store at the dispatcher's next share renewal (about a second later, see
/// `EndpointShareStore`), so every process, an API-only one included, reads the same circuits
/// from there; this process's own board is added, so that a circuit it opened a moment ago
/// shows before its renewal. On a store of one process (SQLite) its dispatcher's board is the
/// whole truth.
public struct OpenCircuits: Sendable {
    let shared: (any EndpointShareStore)?
    let board: CircuitBoard?

    /// The circuits of `store` (when several processes share it) and of `board` (this process's
    /// dispatcher's, when it delivers).
    public init(store: any HeraldStore, board: CircuitBoard?) {
        self.shared = store as? any EndpointShareStore
        self.board = board
    }

    /// The endpoints whose circuit is open at `now`, with until when.
    public func openUntil(now: Int64) async throws -> [String: Int64] {
        var open = try await shared?.openCircuits(now: now) ?? [:]
        if let board {
            for endpointID in board.openEndpoints(now: now) {
                if let until = board.openUntil(endpointID, now: now) { open[endpointID] = max(open[endpointID] ?? 0, until) }
            }
        }
        return open
    }
}
