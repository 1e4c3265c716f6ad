import Foundation
import GRDB
import HeraldStore
@testable import HeraldSQLite
import HeraldTestSupport
import Testing

/// Schema v12 (an application's row per bucket) on a database whose statistics were written
/// before it: the applications' rows are made from the endpoints' rows already there.
@Suite("SQLite statistics migration")
struct SQLiteStatisticsMigrationTests {
    @Test("a database from before v12 keeps its figures: an application's and the server's add up its endpoints'")
    func applicationRowsFromEndpointRows() async throws {
        let path = SQLiteStore.databasePath(inDataDirectory: TemporaryDirectory.make().path)
        let hour = StatisticsGranularity.hour.rawValue
        do {
            let pool = try DatabasePool(path: path)
            try SQLiteMigrations.migrator().migrate(pool, upTo: "v11-alerts")
            try await pool.write { db in
                for (endpoint, app, successes, failures) in [("ep_1", "app_1", 10, 2), ("ep_2", "app_1", 5, 0), ("ep_3", "app_2", 1, 1)] {
                    try db.execute(sql: """
                        INSERT INTO attempt_stats (endpoint_id, app_id, bucket_ms, bucket_start, c_2xx, c_5xx, l_3, duration_ms_total, last_success_at)
                        VALUES (?, ?, ?, 0, ?, ?, ?, ?, 100)
                        """, arguments: [endpoint, app, hour, successes, failures, successes + failures, (successes + failures) * 40])
                }
            }
            try pool.close()
        }
        let store = try SQLiteStore(path: path)
        let app = try await store.statistics(.application("app_1"), granularity: .hour, from: 0, until: 0)
        #expect(app.count == 1 && app.first?.attempts == 17 && app.first?.succeeded == 15 && app.first?.durationTotalMilliseconds == 680)
        let server = try await store.statistics(.server, granularity: .hour, from: 0, until: 0)
        #expect(server.first?.attempts == 19 && server.first?.succeeded == 16)
        #expect(try await store.statistics(.endpoint("ep_2"), granularity: .hour, from: 0, until: 0).first?.attempts == 5)
    }
}
