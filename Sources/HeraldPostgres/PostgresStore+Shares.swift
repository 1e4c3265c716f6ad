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
}
