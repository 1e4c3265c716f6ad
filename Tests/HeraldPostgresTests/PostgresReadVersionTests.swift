import HeraldPostgres
import HeraldStore
import HeraldTestSupport
import Testing

/// A message is accepted only against the application and event type versions its process
/// checked it against: a change made meanwhile through another process makes the accept fail
/// with `changed`, and nothing is stored.
@Suite("PostgreSQL accepts against read versions")
struct PostgresReadVersionTests {
    @Test("stale versions of the event type or the application: changed, nothing stored; current versions: accepted")
    func staleVersionsRefused() async throws {
        let url = try await TestPostgres.server().makeDatabase()
        try await PostgresStores.withRunning { open in
            let store = try await open(url)
            let now: Int64 = 1_800_000_000_000
            let app = ApplicationRecord(id: "app_01JA0000000000000000000000", uid: nil, name: "A", metadata: [:], createdAt: now, updatedAt: now)
            try await store.createApplication(app)
            let type = EventTypeRecord(name: "order.created", description: "", schema: nil, deprecated: false, version: nil, createdAt: now, updatedAt: now)
            try await store.createEventType(type)
            var changed = type
            changed.updatedAt = now + 5
            changed.schema = #"{"type":"object","required":["x"]}"#
            try await store.updateEventType(changed)

            func submission(_ id: String, _ versions: ReadVersions) -> MessageSubmission {
                MessageSubmission(message: MessageRecord(id: id, appID: app.id, eventType: type.name, eventID: nil, version: nil, payload: Array("{}".utf8), createdAt: now),
                                  idempotency: nil, readVersions: versions)
            }
            await #expect(throws: StoreError.self) {
                _ = try await store.acceptMessage(submission("msg_01JA0000000000000000000001", ReadVersions(applicationUpdatedAt: now, eventTypeUpdatedAt: now)), now: now)
            }
            do {
                _ = try await store.acceptMessage(submission("msg_01JA0000000000000000000001", ReadVersions(applicationUpdatedAt: now, eventTypeUpdatedAt: now)), now: now)
            } catch let error as StoreError {
                #expect(error.code == .changed)
            }
            #expect(try await store.message(appID: app.id, id: "msg_01JA0000000000000000000001") == nil, "nothing stored")
            await #expect(throws: StoreError.self, "a stale application version") {
                _ = try await store.acceptMessage(submission("msg_01JA0000000000000000000002", ReadVersions(applicationUpdatedAt: now - 1, eventTypeUpdatedAt: now + 5)), now: now)
            }
            #expect(try await store.acceptMessage(submission("msg_01JA0000000000000000000003", ReadVersions(applicationUpdatedAt: now, eventTypeUpdatedAt: now + 5)), now: now)
                    == .accepted(deliveries: 0))
        }
    }
}
