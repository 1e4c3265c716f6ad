import Foundation
import GRDB
import HeraldStore
@testable import HeraldSQLite
import HeraldTestSupport
import Testing

/// Schema v7 (batches and timeouts) on databases made before it, and the plans of the batch
/// statements.
@Suite("SQLite batches")
struct SQLiteBatchMigrationTests {
    @Test("a database from before v7 keeps its endpoints, deliveries and attempts, which read back unbatched")
    func migrationKeepsRows() async throws {
        let path = SQLiteStore.databasePath(inDataDirectory: TemporaryDirectory.make().path)
        do {
            let pool = try DatabasePool(path: path)
            try SQLiteMigrations.migrator().migrate(pool, upTo: "v6-deliveries-without-endpoint-key")
            try await pool.write { db in
                try db.execute(sql: "INSERT INTO applications (id, uid, name, metadata, created_at, updated_at) VALUES ('app_1', NULL, 'A', '{}', 1, 1)")
                try db.execute(sql: """
                    INSERT INTO endpoints (id, app_id, url, description, all_event_types, disabled, rate_limit, headers, retry_schedule, created_at, updated_at)
                    VALUES ('ep_1', 'app_1', 'https://example.com', 'kept', 1, 0, 7, '{}', '5,60', 1, 2)
                    """)
                try db.execute(sql: "INSERT INTO messages (id, app_id, event_type, payload, created_at) VALUES ('msg_1', 'app_1', 't.e', X'7B7D', 1)")
                try db.execute(sql: """
                    INSERT INTO deliveries (message_id, endpoint_id, status, attempts, next_attempt_at, created_at) VALUES ('msg_1', 'ep_1', 'failed', 1, 5, 1)
                    """)
                try db.execute(sql: """
                    INSERT INTO attempts (id, delivery_id, message_id, endpoint_id, app_id, attempt_number, trigger, succeeded, started_at, duration_ms,
                                          response_status, error_kind, error_message, response_body, response_content_type)
                    VALUES ('atm_1', 1, 'msg_1', 'ep_1', 'app_1', 1, 'scheduled', 0, 3, 12, 500, NULL, 'HTTP 500', X'', NULL)
                    """)
            }
            try pool.close()
        }
        let store = try SQLiteStore(path: path)
        let endpoint = try #require(try await store.endpoint(appID: "app_1", id: "ep_1"))
        #expect(endpoint.description == "kept" && endpoint.rateLimit == 7 && endpoint.retryScheduleSeconds == [5, 60])
        #expect(endpoint.batch == nil)
        #expect(endpoint.timeoutMilliseconds == nil)
        let attempts = try await store.listAttempts(appID: "app_1", messageID: "msg_1", endpointID: nil, filter: AttemptFilter(), PageRequest(limit: 10, after: nil))
        #expect(attempts.items.map(\.id) == ["atm_1"])
        #expect(attempts.items.first?.batchID == nil)
        let claimed = try await store.claimDueDeliveries(now: 10, limit: 10, leaseUntil: 1000, excludingEndpoints: [])
        #expect(claimed.map(\.message.id) == ["msg_1"])
        #expect(claimed.first?.attemptsMade == 1)
        #expect(claimed.first?.batchID == nil)
        #expect(claimed.first?.endpoint.batch == nil)
    }

    @Test("a batch's members are found through the batch index, which holds batched deliveries only")
    func batchIndex() async throws {
        let store = try SQLiteStore(path: SQLiteStore.databasePath(inDataDirectory: TemporaryDirectory.make().path))
        let plan = try await store.pool.read { db in
            try Row.fetchAll(db, sql: """
                EXPLAIN QUERY PLAN UPDATE deliveries SET status = 'in_flight', lease_until = 1
                WHERE batch_id IN (SELECT value FROM json_each('["bat_1"]')) AND status IN ('pending', 'failed')
                """).map { row -> String in row["detail"] }
        }
        #expect(plan.contains { $0.contains("deliveries_by_batch") }, "\(plan)")
    }
}
