import HeraldStore
import Testing

private func check(_ name: String, _ body: @escaping @Sendable (StoreFactory) async throws -> Void) -> StoreConformanceCase {
    StoreConformanceCase(area: "leases", name, body: body)
}

extension StoreConformance {
    /// `expireLeases`, `releaseAllLeases`, `releaseDeliveries`, `deferWaitingDeliveries`.
    static let leaseCases: [StoreConformanceCase] = [
        check("a claimed delivery is not claimed again, even past its lease, until expireLeases makes it due") { makeStore in
            let tenant = try await Tenant.make(makeStore)
            let store = tenant.store
            let message = try await tenant.send(at: at(1))
            #expect(try await store.claimDueDeliveries(now: at(1), limit: 10, leaseUntil: at(10), excludingEndpoints: []).count == 1)
            #expect(try await store.claimAll(at: at(20)).isEmpty)
            #expect(try await store.expireLeases(now: at(5)) == 0, "the lease runs until 10 s")
            #expect(try await store.claimAll(at: at(20)).isEmpty)
            #expect(try await store.expireLeases(now: at(20)) == 1)
            #expect(try await store.nextDueTime() == at(20), "due at once")
            let again = try await store.claimAll(at: at(20))
            #expect(again.map(\.message.id) == [message.id])
            #expect(again.first?.attemptsMade == 0)
            #expect(try await store.expireLeases(now: at(21)) == 0, "the new lease runs for a minute")
        },
        check("releaseAllLeases makes every in-flight delivery due at now") { makeStore in
            let tenant = try await Tenant.make(makeStore)
            let store = tenant.store
            #expect(try await store.releaseAllLeases(now: at(0)) == 0)
            try await tenant.send(at: at(1))
            try await tenant.send(at: at(2))
            try await tenant.send(at: at(3))
            _ = try await store.claimDueDeliveries(now: at(2), limit: 10, leaseUntil: at(1000), excludingEndpoints: [])
            #expect(try await store.releaseAllLeases(now: at(4)) == 2)
            #expect(try await store.nextDueTime() == at(3), "the unclaimed one is still due first")
            let again = try await store.claimAll(at: at(4))
            #expect(again.count == 3)
            #expect(again.allSatisfy { $0.attemptsMade == 0 })
            try await store.record(again[0].succeeded(at: at(5)))
            #expect(try await store.releaseAllLeases(now: at(6)) == 2)
            #expect(try await store.nextDueTime() == at(6))
        },
        check("released deliveries come back no earlier than notBefore, with no attempt counted") { makeStore in
            let tenant = try await Tenant.make(makeStore)
            let store = tenant.store
            let message = try await tenant.send(at: at(1))
            let claimed = try await store.claim(1, at: at(1))
            try await store.releaseDeliveries(claimed.map(\.deliveryID), notBefore: at(30))
            #expect(try await store.claimAll(at: at(29)).isEmpty)
            let due = try #require(try await store.nextDueTime())
            #expect(due >= at(30))
            let again = try await store.claimAll(at: due)
            #expect(again.map(\.message.id) == [message.id])
            #expect(again.first?.attemptsMade == 0)
            #expect(again.first?.manual == false)
            try await store.releaseDeliveries([], notBefore: at(40))
        },
        check("releasing gives back only the deliveries it names") { makeStore in
            let tenant = try await Tenant.make(makeStore)
            let store = tenant.store
            let released = try await tenant.send(at: at(1))
            try await tenant.send(at: at(2))
            let claimed = try await store.claim(2, at: at(2))
            let toRelease = try #require(claimed.first { $0.message.id == released.id })
            try await store.releaseDeliveries([toRelease.deliveryID], notBefore: at(3))
            #expect(try await store.claimAll(at: at(3)).map(\.message.id) == [released.id])
            #expect(try await store.expireLeases(now: at(100)) == 2, "both are claimed now: the one not released never stopped being")
        },
        check("deferring an endpoint moves its deliveries due before until to until, and nothing else") { makeStore in
            let tenant = try await Tenant.make(makeStore)
            let store = tenant.store
            let other = try await tenant.addEndpoint(at: at(0))
            let early = try await tenant.send(at: at(1))
            let late = try await tenant.send(at: at(90))
            try await store.deferWaitingDeliveries(endpointID: tenant.endpoint.id, until: at(50))
            #expect(try await store.nextDueTime() == at(1), "the other endpoint's delivery is still due")
            #expect(try await store.claimAll(at: at(49)).map(\.endpoint.id) == [other.id])
            #expect(try await store.nextDueTime() == at(50))
            let deferred = try await store.claimAll(at: at(50))
            #expect(deferred.map(\.message.id) == [early.id])
            #expect(deferred.first?.endpoint.id == tenant.endpoint.id)
            #expect(deferred.first?.attemptsMade == 0, "deferring uses no attempt")
            #expect(try await store.nextDueTime() == at(90), "a delivery due after until keeps its time")
            #expect(Set(try await store.claimAll(at: at(90)).map(\.message.id)) == [late.id])
        },
    ]
}
