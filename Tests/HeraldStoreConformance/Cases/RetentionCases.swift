import HeraldStore
import Testing

private func check(_ name: String, _ body: @escaping @Sendable (StoreFactory) async throws -> Void) -> StoreConformanceCase {
    StoreConformanceCase(area: "retention", name, body: body)
}

extension StoreConformance {
    /// `deleteExpired`: which messages go, in batches of `limit`, with their deliveries and
    /// attempts (idempotency keys are in ``idempotencyCases``).
    static let retentionCases: [StoreConformanceCase] = [
        check("retention deletes the messages created before the cut-off and keeps the rest") { makeStore in
            let tenant = try await Tenant.make(makeStore)
            let old = try await tenant.send(at: at(10))
            let older = try await tenant.send(at: at(20))
            let atCutOff = try await tenant.send(at: at(30))
            let newer = try await tenant.send(at: at(40))
            #expect(try await tenant.store.deleteExpired(before: at(30), idempotencyBefore: at(0), limit: 100) == 2)
            #expect(try await tenant.store.allMessages(of: tenant.app.id) == [newer, atCutOff])
            #expect(try await tenant.store.message(appID: tenant.app.id, id: old.id) == nil)
            #expect(try await tenant.store.message(appID: tenant.app.id, id: older.id) == nil)
        },
        check("retention deletes at most limit messages a call") { makeStore in
            let tenant = try await Tenant.make(makeStore)
            for second in Int64(1)...5 { try await tenant.send(at: at(second)) }
            var counts = [Int]()
            for _ in 0..<4 {
                counts.append(try await tenant.store.deleteExpired(before: at(10), idempotencyBefore: at(0), limit: 2))
            }
            #expect(counts == [2, 2, 1, 0])
            #expect(try await tenant.store.allMessages(of: tenant.app.id).isEmpty)
        },
        check("retention deletes in every application") { makeStore in
            let tenant = try await Tenant.make(makeStore)
            let other = try await tenant.store.addApplication(at: at(0))
            try await tenant.send(at: at(1))
            try await tenant.store.send(to: other.id, at: at(2))
            #expect(try await tenant.store.deleteExpired(before: at(10), idempotencyBefore: at(0), limit: 100) == 2)
            #expect(try await tenant.store.allMessages(of: other.id).isEmpty)
        },
        check("retention deletes the messages' deliveries and attempts") { makeStore in
            let tenant = try await Tenant.make(makeStore)
            let store = tenant.store
            let old = try await tenant.send(at: at(1))
            let kept = try await tenant.send(at: at(50))
            for claimed in try await store.claim(2, at: at(50)) {
                try await store.record(claimed.failed(at: at(51), retryAt: at(100)))
            }
            #expect(try await store.deleteExpired(before: at(20), idempotencyBefore: at(0), limit: 100) == 1)
            #expect(try await store.allAttempts(of: tenant.app.id, message: old.id).isEmpty)
            #expect(try await store.allAttempts(of: tenant.app.id, endpoint: tenant.endpoint.id).map(\.messageID) == [kept.id])
            #expect(try await store.claimAll(at: at(100)).map(\.message.id) == [kept.id])
            #expect(try await store.recoverDeliveries(endpointID: tenant.endpoint.id, since: at(0), until: at(20), now: at(101)) == 0)
        },
        check("retention with nothing old enough deletes nothing") { makeStore in
            let tenant = try await Tenant.make(makeStore)
            #expect(try await tenant.store.deleteExpired(before: at(10), idempotencyBefore: at(10), limit: 100) == 0)
            let message = try await tenant.send(at: at(20))
            #expect(try await tenant.store.deleteExpired(before: at(10), idempotencyBefore: at(10), limit: 100) == 0)
            #expect(try await tenant.store.allMessages(of: tenant.app.id) == [message])
        },
    ]
}
