import HeraldTestSupport
import Logging
import PostgresNIO

/// What Herald's processes wrote to the shared database, read on a connection of the test's own.
enum DeliveryTable {
    /// A claimed delivery: its row id, its delivery (message and endpoint path) and whose lease it is under.
    struct Leased: Sendable, Hashable {
        let deliveryID: Int64
        let key: DeliveryKey
        let owner: String
    }

    private static let logger = Logger(label: "test-postgres")

    /// Deliveries counted by status.
    static func statusCounts(_ url: String) async throws -> [String: Int] {
        try await TestPostgres.withConnection(url: url) { connection in
            var counts = [String: Int]()
            let rows = try await connection.query("SELECT status, count(*)::bigint FROM deliveries GROUP BY status", logger: logger)
            for try await (status, count) in rows.decode((String, Int64).self) { counts[status] = Int(count) }
            return counts
        }
    }

    /// The number of attempts recorded.
    static func attemptCount(_ url: String) async throws -> Int {
        try await TestPostgres.withConnection(url: url) { connection in
            var total = 0
            for try await count in try await connection.query("SELECT count(*)::bigint FROM attempts", logger: logger).decode(Int64.self) {
                total = Int(count)
            }
            return total
        }
    }

    /// Every delivery under a lease now, with the path of its endpoint (`endpoints` by index).
    static func leased(_ url: String, endpoints: [String]) async throws -> [Leased] {
        let paths = Dictionary(uniqueKeysWithValues: endpoints.enumerated().map { ($0.element, ProcessGroup.path($0.offset)) })
        return try await TestPostgres.withConnection(url: url) { connection in
            var leased = [Leased]()
            let rows = try await connection.query("""
                SELECT id, message_id, endpoint_id, COALESCE(lease_owner, '') FROM deliveries WHERE status = 'in_flight'
                """, logger: logger)
            for try await (id, message, endpoint, owner) in rows.decode((Int64, String, String, String).self) {
                leased.append(Leased(deliveryID: id, key: DeliveryKey(messageID: message, path: paths[endpoint] ?? endpoint), owner: owner))
            }
            return leased
        }
    }
}
