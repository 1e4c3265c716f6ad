import Foundation
import GRDB
import Herald
import HeraldStore
@testable import HeraldSQLite
import HeraldTestSupport
import Testing

/// The SQLite store on its own file, below the HTTP layer.
@Suite("SQLite store")
struct SQLiteStoreTests {
    func openStore() throws -> (SQLiteStore, SQLiteInspector) {
        let path = SQLiteStore.databasePath(inDataDirectory: TemporaryDirectory.make().path)
        return (try SQLiteStore(path: path), SQLiteInspector(path: path))
    }

    func message(_ index: Int, app: String) -> MessageSubmission {
        MessageSubmission(message: MessageRecord(id: String(format: "msg_%026d", index), appID: app, eventType: "t.e", eventID: nil, version: nil,
                                                 payload: Array("{}".utf8), createdAt: 1), idempotency: nil)
    }

    @Test("a message that fails inside a shared commit fails alone; the rest of its batch is stored")
    func batchIsolation() async throws {
        let (store, _) = try openStore()
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

    @Test("retention deletes messages older than the cut-off, with their deliveries, and keeps newer ones")
    func retention() async throws {
        let (store, _) = try openStore()
        try await store.createApplication(ApplicationRecord(id: "app_1", uid: nil, name: "A", metadata: [:], createdAt: 1, updatedAt: 1))
        try await store.createEndpoint(EndpointRecord(id: "ep_1", appID: "app_1", url: "https://example.com", description: "", eventTypes: [],
                                                      disabled: false, rateLimit: nil, headers: [:], createdAt: 1, updatedAt: 1),
                                       secret: EndpointSecretRecord(key: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", expiresAt: nil, createdAt: 1))
        let day: UInt64 = 86_400_000
        let now: UInt64 = 1_800_000_000_000
        var kept = [String]()
        for (index, age) in [40, 31, 29, 1].enumerated() {
            let created = now - UInt64(age) * day
            let id = PrefixedIDGenerator(clock: { created }).next(.message).rawValue
            let submission = MessageSubmission(message: MessageRecord(id: id, appID: "app_1", eventType: "t.e", eventID: "e\(index)", version: nil,
                                                                      payload: Array("{}".utf8), createdAt: Int64(created)), idempotency: nil)
            _ = try await store.acceptMessage(submission, now: Int64(created))
            if age < 30 { kept.append(id) }
        }
        // Every delivery gets one recorded attempt, so retention has history to remove too.
        let claimed = try await store.claimDueDeliveries(now: Int64(now), limit: 10, leaseUntil: Int64(now) + 60_000, excludingEndpoints: [])
        #expect(claimed.count == 4)
        let outcomes = claimed.map { delivery in
            AttemptOutcome(attempt: AttemptRecord(id: PrefixedIDGenerator.shared.next(.attempt).rawValue, deliveryID: delivery.deliveryID,
                                                  messageID: delivery.message.id, endpointID: "ep_1", appID: "app_1", attemptNumber: 1, trigger: .scheduled,
                                                  succeeded: true, startedAt: Int64(now), durationMilliseconds: 1, responseStatus: 200, errorKind: nil,
                                                  errorMessage: nil, responseBody: [], responseContentType: nil),
                           status: .succeeded, nextAttemptAt: nil, disableEndpoint: false)
        }
        _ = try await store.recordAttempts(outcomes, now: Int64(now), failingSinceLimit: 0)
        let deleted = try await store.deleteExpired(before: Int64(now - 30 * day), idempotencyBefore: Int64(now - day), limit: 1)
        #expect(deleted == 1, "batches are bounded by the limit")
        _ = try await store.deleteExpired(before: Int64(now - 30 * day), idempotencyBefore: Int64(now - day), limit: 100)
        let left = try await store.listMessages(appID: "app_1", filter: MessageFilter(), PageRequest(limit: 250, after: nil)).items.map(\.id)
        #expect(Set(left) == Set(kept))
        let attempts = try await store.listAttempts(appID: "app_1", messageID: nil, endpointID: "ep_1", filter: AttemptFilter(), PageRequest(limit: 250, after: nil))
        #expect(Set(attempts.items.map(\.messageID)) == Set(kept), "attempts go with their messages")
        #expect(try await store.deleteEndpoint(appID: "app_1", id: "ep_1"))
        let afterDeletion = try await store.listAttempts(appID: "app_1", messageID: nil, endpointID: "ep_1", filter: AttemptFilter(), PageRequest(limit: 250, after: nil))
        #expect(afterDeletion.items.isEmpty, "and with their endpoint")
    }

    @Test("commits are synced (synchronous = FULL) on the writer, also after a bookkeeping write that is not")
    func writerIsSynced() async throws {
        // GRDB turns WAL on with synchronous = NORMAL after the configuration's own setup ran;
        // accepted messages must still reach the disk before the 202.
        let (store, _) = try openStore()
        #expect(try await store.writerSynchronousSetting() == 2)
        _ = try await store.claimDueDeliveries(now: 1, limit: 10, leaseUntil: 2, excludingEndpoints: [])
        _ = try await store.releaseDeliveries([1], notBefore: 1)
        #expect(try await store.writerSynchronousSetting() == 2)
        try await store.createApplication(ApplicationRecord(id: "app_1", uid: nil, name: "A", metadata: [:], createdAt: 1, updatedAt: 1))
        _ = try await store.acceptMessage(message(1, app: "app_1"), now: 1)
        #expect(try await store.writerSynchronousSetting() == 2)
    }

    @Test("deleting an endpoint removes what waits for it, claimed or not; its delivered history stays with the messages")
    func endpointDeletion() async throws {
        let (store, database) = try openStore()
        try await store.createApplication(ApplicationRecord(id: "app_1", uid: nil, name: "A", metadata: [:], createdAt: 1, updatedAt: 1))
        try await store.createEndpoint(EndpointRecord(id: "ep_1", appID: "app_1", url: "https://example.com", description: "", eventTypes: [],
                                                      disabled: false, rateLimit: nil, headers: [:], createdAt: 1, updatedAt: 1),
                                       secret: EndpointSecretRecord(key: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", expiresAt: nil, createdAt: 1))
        let ids = (0..<3).map { String(format: "msg_%026d", $0) }
        for index in 0..<3 { _ = try await store.acceptMessage(message(index, app: "app_1"), now: Int64(10 + index)) }
        let claimed = try await store.claimDueDeliveries(now: 100, limit: 2, leaseUntil: 60_000, excludingEndpoints: [])
        #expect(claimed.map(\.message.id) == [ids[0], ids[1]])
        let success = AttemptRecord(id: PrefixedIDGenerator.shared.next(.attempt).rawValue, deliveryID: claimed[0].deliveryID, messageID: ids[0],
                                    endpointID: "ep_1", appID: "app_1", attemptNumber: 1, trigger: .scheduled, succeeded: true, startedAt: 100,
                                    durationMilliseconds: 1, responseStatus: 200, errorKind: nil, errorMessage: nil, responseBody: [], responseContentType: nil)
        _ = try await store.recordAttempts([AttemptOutcome(attempt: success, status: .succeeded, nextAttemptAt: nil, disableEndpoint: false)],
                                           now: 100, failingSinceLimit: 0)
        #expect(try await store.deleteEndpoint(appID: "app_1", id: "ep_1"))
        #expect(try database.delivery(messageID: ids[0], endpointID: "ep_1")?.status == "succeeded", "history stays")
        #expect(try database.delivery(messageID: ids[1], endpointID: "ep_1") == nil, "the claimed one is gone")
        #expect(try database.delivery(messageID: ids[2], endpointID: "ep_1") == nil, "the waiting one is gone")
        #expect(try await store.claimDueDeliveries(now: 200_000, limit: 10, leaseUntil: 300_000, excludingEndpoints: []).isEmpty)
        #expect(try await store.deleteEndpoint(appID: "app_1", id: "ep_1") == false)
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

    @Test("settings keep the first value written")
    func settings() async throws {
        let (store, _) = try openStore()
        #expect(try await store.setting("k") == nil)
        #expect(try await store.insertSettingIfAbsent("k", value: "first") == "first")
        #expect(try await store.insertSettingIfAbsent("k", value: "second") == "first")
    }

    @Test("an unopenable path is a clear store error")
    func unopenable() {
        #expect(throws: StoreError.self) { try SQLiteStore(path: "/proc/herald-cannot-write-here/db.sqlite") }
    }
}
