import HeraldStore
import Testing

private func check(_ name: String, _ body: @escaping @Sendable (StoreFactory) async throws -> Void) -> StoreConformanceCase {
    StoreConformanceCase(area: "idempotency", name, body: body)
}

extension StoreConformance {
    /// `acceptMessage` with an `IdempotencyClaim`: replays, reuse, keys per application, and keys
    /// expiring through `deleteExpired(idempotencyBefore:)`.
    static let idempotencyCases: [StoreConformanceCase] = [
        check("a key repeated with the same body replays the first answer and stores nothing") { makeStore in
            let tenant = try await Tenant.make(makeStore)
            let first = Make.message(to: tenant.app.id, at: at(1))
            let retry = Make.message(to: tenant.app.id, at: at(2))
            #expect(try await tenant.store.acceptMessage(Make.submission(first, key: "key-1", requestHash: [1, 2]), now: at(1)) == .accepted(deliveries: 1))
            #expect(try await tenant.store.acceptMessage(Make.submission(retry, key: "key-1", requestHash: [1, 2]), now: at(2))
                    == .idempotentReplay(first: .accepted(messageID: first.id)))
            #expect(try await tenant.store.message(appID: tenant.app.id, id: retry.id) == nil)
            #expect(try await tenant.store.claimAll(at: at(2)).map(\.message.id) == [first.id], "no second delivery")
        },
        check("a key repeated with another body is refused as reused and stores nothing") { makeStore in
            let tenant = try await Tenant.make(makeStore)
            let first = Make.message(to: tenant.app.id, at: at(1))
            let other = Make.message(to: tenant.app.id, at: at(2))
            _ = try await tenant.store.acceptMessage(Make.submission(first, key: "key-1", requestHash: [1]), now: at(1))
            #expect(try await tenant.store.acceptMessage(Make.submission(other, key: "key-1", requestHash: [2]), now: at(2)) == .idempotencyKeyReused)
            #expect(try await tenant.store.message(appID: tenant.app.id, id: other.id) == nil)
            #expect(try await tenant.store.allMessages(of: tenant.app.id) == [first])
        },
        check("a key first answered with a duplicate event id replays that answer") { makeStore in
            let tenant = try await Tenant.make(makeStore)
            let original = try await tenant.send(at: at(1), eventID: "evt-1")
            let duplicate = Make.message(to: tenant.app.id, at: at(2), eventID: "evt-1")
            let retry = Make.message(to: tenant.app.id, at: at(3), eventID: "evt-1")
            #expect(try await tenant.store.acceptMessage(Make.submission(duplicate, key: "key-1", requestHash: [1]), now: at(2))
                    == .duplicateEventID(existingMessageID: original.id))
            #expect(try await tenant.store.acceptMessage(Make.submission(retry, key: "key-1", requestHash: [1]), now: at(3))
                    == .idempotentReplay(first: .duplicateEventID(existingMessageID: original.id)))
            #expect(try await tenant.store.acceptMessage(Make.submission(retry, key: "key-1", requestHash: [9]), now: at(3)) == .idempotencyKeyReused)
        },
        check("different keys do not interfere") { makeStore in
            let tenant = try await Tenant.make(makeStore)
            let first = Make.message(to: tenant.app.id, at: at(1))
            let second = Make.message(to: tenant.app.id, at: at(2))
            _ = try await tenant.store.acceptMessage(Make.submission(first, key: "key-1", requestHash: [1]), now: at(1))
            #expect(try await tenant.store.acceptMessage(Make.submission(second, key: "key-2", requestHash: [1]), now: at(2)) == .accepted(deliveries: 1))
        },
        check("keys belong to their application") { makeStore in
            let tenant = try await Tenant.make(makeStore)
            let other = try await tenant.store.addApplication(at: at(0))
            let here = Make.message(to: tenant.app.id, at: at(1))
            let there = Make.message(to: other.id, at: at(2))
            _ = try await tenant.store.acceptMessage(Make.submission(here, key: "key-1", requestHash: [1]), now: at(1))
            #expect(try await tenant.store.acceptMessage(Make.submission(there, key: "key-1", requestHash: [2]), now: at(2)) == .accepted(deliveries: 0))
            #expect(try await tenant.store.message(appID: other.id, id: there.id) == there)
        },
        check("a key answers until retention deletes it (created before idempotencyBefore), then it is free") { makeStore in
            let tenant = try await Tenant.make(makeStore)
            let first = Make.message(to: tenant.app.id, at: at(10))
            _ = try await tenant.store.acceptMessage(Make.submission(first, key: "key-1", requestHash: [1]), now: at(10))
            // A key created at 10 s is not created before 10 s: it stays.
            #expect(try await tenant.store.deleteExpired(before: at(0), idempotencyBefore: at(10), limit: 100) == 0)
            let reuse = Make.message(to: tenant.app.id, at: at(20))
            #expect(try await tenant.store.acceptMessage(Make.submission(reuse, key: "key-1", requestHash: [2]), now: at(20)) == .idempotencyKeyReused)
            _ = try await tenant.store.deleteExpired(before: at(0), idempotencyBefore: at(11), limit: 100)
            #expect(try await tenant.store.acceptMessage(Make.submission(reuse, key: "key-1", requestHash: [2]), now: at(20)) == .accepted(deliveries: 1))
            #expect(try await tenant.store.message(appID: tenant.app.id, id: first.id) == first, "the message itself is not expired")
        },
    ]
}
