import Foundation
import GRDB

/// Reads what a benchmark server recorded, straight from its SQLite file (read-only, beside
/// the running server: WAL lets both work): how many deliveries succeeded, how many attempts
/// and requests were recorded, and the span from the first attempt's start to the last one's
/// end. Drain rates come from here rather than from a receiver, so they hold for any receiver,
/// an nginx on loopback included, and count what Herald recorded, not only what arrived.
struct BenchDeliveryLedger {
    /// What the store holds about deliveries and their attempts.
    struct Tally {
        let deliveries: Int
        let succeeded: Int
        let attempts: Int
        /// HTTP requests made: one per attempt without a batch, one per batch otherwise.
        let requests: Int
        let firstStartMilliseconds: Int64
        let lastEndMilliseconds: Int64

        /// Successful deliveries per second over the span of the attempts.
        var deliveriesPerSecond: Double {
            let span = Double(lastEndMilliseconds - firstStartMilliseconds) / 1000
            return span > 0 ? Double(succeeded) / span : 0
        }
    }

    let queue: DatabaseQueue

    /// Opens the store under `directory` read-only.
    init(directory: String) throws {
        var configuration = Configuration()
        configuration.readonly = true
        queue = try DatabaseQueue(path: (directory as NSString).appendingPathComponent("herald.sqlite"), configuration: configuration)
    }

    /// Successful deliveries so far.
    func succeeded() throws -> Int {
        try queue.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM deliveries WHERE status = 'succeeded'") ?? 0 }
    }

    /// Everything at once, for the report.
    func tally() throws -> Tally {
        try queue.read { db in
            let deliveries = try Int.fetchOne(db, sql: "SELECT count(*) FROM deliveries") ?? 0
            let succeeded = try Int.fetchOne(db, sql: "SELECT count(*) FROM deliveries WHERE status = 'succeeded'") ?? 0
            let row = try Row.fetchOne(db, sql: """
                SELECT count(*) AS attempts,
                       count(DISTINCT batch_id) + sum(batch_id IS NULL) AS requests,
                       min(started_at) AS first, max(started_at + duration_ms) AS last
                FROM attempts
                """)
            return Tally(deliveries: deliveries, succeeded: succeeded, attempts: row?["attempts"] ?? 0, requests: row?["requests"] ?? 0,
                         firstStartMilliseconds: row?["first"] ?? 0, lastEndMilliseconds: row?["last"] ?? 0)
        }
    }

    /// Waits until `count` deliveries succeeded or `timeout` passed; returns how many did.
    func waitForSucceeded(_ count: Int, timeout: Duration) async throws -> Int {
        let deadline = ContinuousClock.now + timeout
        var done = try succeeded()
        while done < count && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(200))
            done = try succeeded()
        }
        return done
    }
}
