import HeraldStore
import PostgresNIO

extension PostgresStore: EndpointShareStore {
    /// One call of `herald_renew_shares` (one statement, so one transaction): this store's
    /// lease owner is the share's owner.
    public func renewShares(_ requests: [EndpointShareRequest], now: Int64) async throws -> [EndpointShare] {
        guard !requests.isEmpty else { return [] }
        let endpoints = requests.map(\.endpointID)
        let limits = requests.map { Int32(clamping: $0.concurrency) }
        let rates = requests.map { $0.rateLimit.map(Double.init) ?? -1 }
        let inFlight = requests.map { Int32(clamping: $0.inFlight) }
        let wanted = requests.map(\.wanted)
        let leases = requests.map(\.leaseUntil)
        let opened = requests.map { $0.circuitOpenedUntil ?? 0 }
        let closed = requests.map(\.circuitClosed)
        let rows = try await query("""
            SELECT endpoint, granted_slots, granted_rate, circuit_open_until
            FROM herald_renew_shares(\(leaseOwner), \(now), \(endpoints), \(limits), \(rates), \(inFlight), \(wanted), \(leases), \(opened), \(closed))
            """, bookkeeping: true)
        return try rows.decode((String, Int32, Double?, Int64?).self).map { endpoint, slots, rate, openUntil in
            EndpointShare(endpointID: endpoint, slots: Int(slots), ratePerSecond: rate, circuitOpenUntil: openUntil)
        }
    }

    /// The rows of `endpoint_circuits` still open at `now` (one whose time passed is half-open:
    /// its probe decides).
    public func openCircuits(now: Int64) async throws -> [String: Int64] {
        let rows = try await query("SELECT endpoint_id, open_until FROM endpoint_circuits WHERE open_until > \(now)")
        var open = [String: Int64]()
        for (endpoint, until) in try rows.decode((String, Int64).self) { open[endpoint] = until }
        return open
    }
}
