import HeraldStore
import Testing

private func check(_ name: String, _ body: @escaping @Sendable (StoreFactory) async throws -> Void) -> StoreConformanceCase {
    StoreConformanceCase(area: "recover", name, body: body)
}

extension StoreConformance {
    /// `recoverDeliveries`: the time window, the statuses it takes, the endpoint it is for, and
    /// what it returns.
    static let recoverCases: [StoreConformanceCase] = [
        check("recovery re-queues the deliveries created in [since, until], bounds included, for a manual attempt") { makeStore in
            let tenant = try await Tenant.make(makeStore)
            let store = tenant.store
            var messages = [MessageRecord]()
            for second in [Int64(10), 20, 30, 40] { messages.append(try await tenant.send(at: at(second))) }
            for claimed in try await store.claim(4, at: at(40)) {
                try await store.record(claimed.exhausted(at: at(41)))
            }
            #expect(try await store.recoverDeliveries(endpointID: tenant.endpoint.id, since: at(20), until: at(30), now: at(50)) == 2)
            #expect(try await store.nextDueTime() == at(50))
            let recovered = try await store.claimAll(at: at(50))
            #expect(Set(recovered.map(\.message.id)) == [messages[1].id, messages[2].id])
            #expect(recovered.allSatisfy { $0.manual && $0.attemptsMade == 1 })
            #expect(try await store.recoverDeliveries(endpointID: tenant.endpoint.id, since: at(35), until: nil, now: at(60)) == 1, "no end")
            #expect(try await store.claimAll(at: at(60)).map(\.message.id) == [messages[3].id])
        },
        check("recovery takes failed and exhausted deliveries only") { makeStore in
            let tenant = try await Tenant.make(makeStore)
            let store = tenant.store
            let succeeded = try await tenant.send(at: at(1))
            let failed = try await tenant.send(at: at(2))
            let exhausted = try await tenant.send(at: at(3))
            let claimed = try await store.claim(3, at: at(3))
            let byMessage = Dictionary(uniqueKeysWithValues: claimed.map { ($0.message.id, $0) })
            try await store.record(try #require(byMessage[succeeded.id]).succeeded(at: at(4)),
                                   try #require(byMessage[failed.id]).failed(at: at(4), retryAt: at(600)),
                                   try #require(byMessage[exhausted.id]).exhausted(at: at(4)))
            try await tenant.send(at: at(5))
            _ = try await store.claim(1, at: at(5))
            let pending = try await tenant.send(at: at(6))

            #expect(try await store.recoverDeliveries(endpointID: tenant.endpoint.id, since: at(0), until: nil, now: at(7)) == 2)
            let due = try await store.claimAll(at: at(7))
            #expect(Set(due.filter(\.manual).map(\.message.id)) == [failed.id, exhausted.id])
            #expect(due.filter { !$0.manual }.map(\.message.id) == [pending.id])
        },
        check("recovery does not revive cancelled deliveries") { makeStore in
            let tenant = try await Tenant.make(makeStore)
            try await tenant.send(at: at(1))
            try await tenant.setDisabled(true, tenant.endpoint, at: at(2))
            try await tenant.setDisabled(false, tenant.endpoint, at: at(3))
            #expect(try await tenant.store.recoverDeliveries(endpointID: tenant.endpoint.id, since: at(0), until: nil, now: at(4)) == 0)
            #expect(try await tenant.store.claimAll(at: at(4)).isEmpty)
        },
        check("recovery takes only the given endpoint's deliveries") { makeStore in
            let tenant = try await Tenant.make(makeStore)
            let other = try await tenant.addEndpoint(at: at(0))
            try await tenant.send(at: at(1))
            for claimed in try await tenant.store.claim(2, at: at(1)) {
                try await tenant.store.record(claimed.exhausted(at: at(2)))
            }
            #expect(try await tenant.store.recoverDeliveries(endpointID: other.id, since: at(0), until: nil, now: at(3)) == 1)
            #expect(try await tenant.store.claimAll(at: at(3)).map(\.endpoint.id) == [other.id])
        },
        check("deliveries given back before their first attempt are not failed ones: recovery leaves them alone") { makeStore in
            let tenant = try await Tenant.make(makeStore)
            let store = tenant.store
            // Three deliveries, each given back one way while in flight.
            try await tenant.send(at: at(1))
            _ = try await store.claimDueDeliveries(now: at(1), limit: 1, leaseUntil: at(1000), excludingEndpoints: [])
            try await tenant.send(at: at(2))
            _ = try await store.claimDueDeliveries(now: at(2), limit: 1, leaseUntil: at(5), excludingEndpoints: [])
            try await tenant.send(at: at(3))
            let released = try await store.claimDueDeliveries(now: at(3), limit: 1, leaseUntil: at(1000), excludingEndpoints: [])
            try await store.releaseDeliveries(released.map(\.deliveryID), notBefore: at(4))
            #expect(try await store.expireLeases(now: at(10)) == 1)
            #expect(try await store.releaseAllLeases(now: at(11)) == 1)

            #expect(try await store.recoverDeliveries(endpointID: tenant.endpoint.id, since: at(0), until: nil, now: at(14)) == 0)
            let due = try await store.claimAll(at: at(14))
            #expect(due.count == 3)
            #expect(due.allSatisfy { !$0.manual && $0.attemptsMade == 0 })
        },
    ]
}
