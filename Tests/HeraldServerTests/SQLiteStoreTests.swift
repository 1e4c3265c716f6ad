import Foundation
import HeraldStore
import HeraldTestSupport
import Testing

/// The SQLite store on its own file, below the HTTP layer.
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

    @Test("settings keep the first value written")
    func settings() async throws {
        let store = try openStore()
        #expect(try await store.setting("k") == nil)
        #expect(try await store.insertSettingIfAbsent("k", value: "first") == "first")
        #expect(try await store.insertSettingIfAbsent("k", value: "second") == "first")
    }

    @Test("an unopenable path is a clear store error")
    func unopenable() {
        #expect(throws: StoreError.self) { try SQLiteStore(path: "/proc/herald-cannot-write-here/db.sqlite") }
    }
}
