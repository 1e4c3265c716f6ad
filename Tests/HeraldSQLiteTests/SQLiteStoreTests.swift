import Foundation
import GRDB
import HeraldStore
@testable import HeraldSQLite
import HeraldTestSupport
import Testing

/// What is particular to the SQLite store: durability settings, migrations, group commits. What
/// every store must do is checked by the conformance suite (`SQLiteConformanceTests`).
@Suite("SQLite store")
struct SQLiteStoreTests {
    func openStore() throws -> SQLiteStore {
        try SQLiteStore(path: SQLiteStore.databasePath(inDataDirectory: TemporaryDirectory.make().path))
    }

    func message(_ index: Int, app: String) -> MessageSubmission {
        MessageSubmission(message: MessageRecord(id: String(format: "msg_%026d", index), appID: app, eventType: "t.e", eventID: nil, version: nil,
                                                 payload: Array("{}".utf8), createdAt: 1), idempotency: nil)
    }

    @Test("a message that fails inside a shared commit fails alone; the rest of its batch is stored")
    func batchIsolation() async throws {
        let store = try openStore()
        try await store.createApplication(ApplicationRecord(id: "app_1", uid: nil, name: "A", metadata: [:], createdAt: 1, updatedAt: 1))
        // An unknown application breaks the foreign key: that message must fail, the others must not.
        let outcomes = await withTaskGroup(of: (Int, Bool).self) { group in
            for index in 0..<64 {
                group.addTask {
                    let app = index == 17 ? "app_missing" : "app_1"
                    return (index, (try? await store.acceptMessage(message(index, app: app), now: 1)) != nil)
                }
            }
            return await group.reduce(into: [Int: Bool]()) { $0[$1.0] = $1.1 }
        }
        #expect(outcomes[17] == false)
        #expect(outcomes.filter { $0.value }.count == 63)
        let stored = try await store.listMessages(appID: "app_1", filter: MessageFilter(), PageRequest(limit: 250, after: nil))
        #expect(stored.items.count == 63)
    }

    @Test("commits are synced (synchronous = FULL) on the writer, also after a bookkeeping write that is not")
    func writerIsSynced() async throws {
        // GRDB turns WAL on with synchronous = NORMAL after the configuration's own setup ran;
        // accepted messages must still reach the disk before the 202.
        let store = try openStore()
        #expect(try await store.writerSynchronousSetting() == 2)
        _ = try await store.claimDueDeliveries(now: 1, limit: 10, leaseUntil: 2, excludingEndpoints: [])
        _ = try await store.releaseDeliveries([1], notBefore: 1)
        #expect(try await store.writerSynchronousSetting() == 2)
        try await store.createApplication(ApplicationRecord(id: "app_1", uid: nil, name: "A", metadata: [:], createdAt: 1, updatedAt: 1))
        _ = try await store.acceptMessage(message(1, app: "app_1"), now: 1)
        #expect(try await store.writerSynchronousSetting() == 2)
    }

    @Test("the writer checkpoints the WAL every 64 MiB, not every 4 MiB")
    func checkpointInterval() async throws {
        let store = try openStore()
        #expect(try await store.writerCheckpointPages() == 16_384)
    }

    @Test("a database from before v6 keeps its deliveries through the migration, and they are delivered")
    func migrationKeepsDeliveries() async throws {
        let path = SQLiteStore.databasePath(inDataDirectory: TemporaryDirectory.make().path)
        do {
            let pool = try DatabasePool(path: path)
            try SQLiteMigrations.migrator().migrate(pool, upTo: "v5-attempts-without-delivery-key")
            try await pool.write { db in
                try db.execute(sql: "INSERT INTO applications (id, uid, name, metadata, created_at, updated_at) VALUES ('app_1', NULL, 'A', '{}', 1, 1)")
                try db.execute(sql: """
                    INSERT INTO endpoints (id, app_id, url, description, all_event_types, disabled, rate_limit, headers, created_at, updated_at)
                    VALUES ('ep_1', 'app_1', 'https://example.com', '', 1, 0, NULL, '{}', 1, 1)
                    """)
                try db.execute(sql: "INSERT INTO messages (id, app_id, event_type, payload, created_at) VALUES ('msg_1', 'app_1', 't.e', X'7B7D', 1)")
                try db.execute(sql: """
                    INSERT INTO deliveries (message_id, endpoint_id, status, attempts, next_attempt_at, created_at) VALUES ('msg_1', 'ep_1', 'failed', 2, 5, 1)
                    """)
            }
            try pool.close()
        }
        let store = try SQLiteStore(path: path)
        #expect(try SQLiteInspector(path: path).delivery(messageID: "msg_1", endpointID: "ep_1") == .init(status: "failed", attempts: 2, nextAttemptAt: 5))
        let claimed = try await store.claimDueDeliveries(now: 10, limit: 10, leaseUntil: 1000, excludingEndpoints: [])
        #expect(claimed.map(\.message.id) == ["msg_1"])
        #expect(claimed.first?.attemptsMade == 2)
    }

    @Test("an unopenable path is a clear store error")
    func unopenable() {
        #expect(throws: StoreError.self) { try SQLiteStore(path: "/proc/herald-cannot-write-here/db.sqlite") }
    }
}
