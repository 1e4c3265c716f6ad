import HeraldStore
import Testing

private func check(_ name: String, _ body: @escaping @Sendable (StoreFactory) async throws -> Void) -> StoreConformanceCase {
    StoreConformanceCase(area: "claims", name, body: body)
}

extension StoreConformance {
    /// `claimDueDeliveries`: what is due, in which order, how many, which endpoints, and what
    /// a claim carries; and `nextDueTime`.
    static let claimCases: [StoreConformanceCase] = [
        check("only deliveries due by now are claimed") { makeStore in
            let tenant = try await Tenant.make(makeStore)
            let early = try await tenant.send(at: at(1))
            let late = try await tenant.send(at: at(3))
            #expect(try await tenant.store.claimAll(at: at(2)).map(\.message.id) == [early.id])
            #expect(try await tenant.store.claimAll(at: at(3)).map(\.message.id) == [late.id])
        },
        check("claims take the oldest due first, up to the limit") { makeStore in
            let tenant = try await Tenant.make(makeStore)
            let third = try await tenant.send(at: at(3))
            let first = try await tenant.send(at: at(1))
            let second = try await tenant.send(at: at(2))
            let store = tenant.store
            #expect(try await store.claimDueDeliveries(now: at(5), limit: 2, leaseUntil: at(60), excludingEndpoints: []).map(\.message.id)
                    == [first.id, second.id])
            #expect(try await store.claimDueDeliveries(now: at(5), limit: 2, leaseUntil: at(60), excludingEndpoints: []).map(\.message.id)
                    == [third.id])
            #expect(try await store.claimDueDeliveries(now: at(5), limit: 2, leaseUntil: at(60), excludingEndpoints: []).isEmpty)
        },
        check("a claim carries the message and the endpoint, no attempts made, and no manual flag") { makeStore in
            let store = try await makeStore()
            let app = try await store.addApplication(at: at(0))
            var endpoint = Make.endpoint(of: app.id, at: at(0))
            endpoint.headers = ["X-Tenant": "7"]
            endpoint.rateLimit = 5
            endpoint.retryScheduleSeconds = [1, 60]
            endpoint.batch = EndpointBatching(maxEvents: 50, maxWaitMilliseconds: 250)
            endpoint.timeoutMilliseconds = 3000
            endpoint.description = "billing"
            try await store.createEndpoint(endpoint, secret: Make.secret(at: at(0)))
            let message = try await store.send(to: app.id, at: at(1))
            let claimed = try await store.claimAll(at: at(1))
            #expect(claimed.count == 1)
            #expect(claimed.first?.message == message)
            #expect(claimed.first?.endpoint == endpoint)
            #expect(claimed.first?.attemptsMade == 0)
            #expect(claimed.first?.manual == false)
            #expect(claimed.first?.batchID == nil, "not in a batch until one is assigned")
        },
        check("each delivery has its own id") { makeStore in
            let tenant = try await Tenant.make(makeStore)
            _ = try await tenant.addEndpoint(at: at(0))
            try await tenant.send(at: at(1))
            try await tenant.send(at: at(2))
            let claimed = try await tenant.store.claimAll(at: at(2))
            #expect(claimed.count == 4)
            #expect(Set(claimed.map(\.deliveryID)).count == 4)
        },
        check("claims skip the excluded endpoints") { makeStore in
            let tenant = try await Tenant.make(makeStore)
            let other = try await tenant.addEndpoint(at: at(0))
            let third = try await tenant.addEndpoint(at: at(0))
            try await tenant.send(at: at(1))
            let some = try await tenant.store.claimAll(at: at(1), excluding: [tenant.endpoint.id, third.id])
            #expect(some.map(\.endpoint.id) == [other.id])
            let rest = try await tenant.store.claimAll(at: at(1))
            #expect(Set(rest.map(\.endpoint.id)) == [tenant.endpoint.id, third.id])
        },
        check("with endpoints left out, a claim takes the others' oldest due first, behind any backlog of those left out") { makeStore in
            let busy = try await Tenant.make(makeStore)
            for second in 1...40 { try await busy.send(at: at(Int64(second))) }
            let store = busy.store
            let quiet = try await store.addApplication(at: at(0))
            _ = try await store.addEndpoint(to: quiet.id, at: at(0), eventTypes: ["order.paid"])
            _ = try await store.addEndpoint(to: quiet.id, at: at(0), eventTypes: ["order.shipped"])
            let paid10 = try await store.send(to: quiet.id, at: at(10), eventType: "order.paid")
            let shipped20 = try await store.send(to: quiet.id, at: at(20), eventType: "order.shipped")
            let shipped25 = try await store.send(to: quiet.id, at: at(25), eventType: "order.shipped")
            let paid30 = try await store.send(to: quiet.id, at: at(30), eventType: "order.paid")
            let paid35 = try await store.send(to: quiet.id, at: at(35), eventType: "order.paid")
            _ = try await store.send(to: quiet.id, at: at(50), eventType: "order.shipped")
            let first = try await store.claimDueDeliveries(now: at(45), limit: 4, leaseUntil: at(100), excludingEndpoints: [busy.endpoint.id])
            #expect(first.map(\.message.id) == [paid10.id, shipped20.id, shipped25.id, paid30.id])
            let second = try await store.claimDueDeliveries(now: at(45), limit: 4, leaseUntil: at(100), excludingEndpoints: [busy.endpoint.id])
            #expect(second.map(\.message.id) == [paid35.id], "the one not yet due stays")
            #expect(try await store.claimAll(at: at(45), excluding: [busy.endpoint.id]).isEmpty)
            #expect(try await store.claimAll(at: at(45)).count == 40, "the backlog left out is all still there")
        },
        check("with many endpoints and one left out, a claim fills its limit with the oldest due of the rest") { makeStore in
            let tenant = try await Tenant.make(makeStore)
            for _ in 1...19 { _ = try await tenant.addEndpoint(at: at(0)) }
            for second in 1...8 { try await tenant.send(at: at(Int64(second))) }
            let store = tenant.store
            let claimed = try await store.claimDueDeliveries(now: at(10), limit: 50, leaseUntil: at(100), excludingEndpoints: [tenant.endpoint.id])
            #expect(claimed.count == 50)
            #expect(!claimed.contains { $0.endpoint.id == tenant.endpoint.id })
            #expect(claimed.map(\.message.createdAt) == claimed.map(\.message.createdAt).sorted(), "in due order")
            let rest = try await store.claimAll(at: at(10), excluding: [tenant.endpoint.id])
            #expect(rest.count == 19 * 8 - 50)
            let newestClaimed = claimed.map(\.message.createdAt).max() ?? 0
            #expect(rest.allSatisfy { $0.message.createdAt >= newestClaimed }, "the oldest were taken first")
        },
        check("a message for one endpoint alone goes to it whatever its filter, and to no other") { makeStore in
            let tenant = try await Tenant.make(makeStore)
            let filtered = try await tenant.addEndpoint(at: at(0), eventTypes: ["order.shipped"])
            let message = Make.message(to: tenant.app.id, at: at(1), eventType: "invoice.paid")
            let outcome = try await tenant.store.acceptMessage(MessageSubmission(message: message, idempotency: nil, onlyEndpoint: filtered.id), now: at(1))
            #expect(outcome == .accepted(deliveries: 1))
            let claimed = try await tenant.store.claimAll(at: at(1))
            #expect(claimed.map(\.endpoint.id) == [filtered.id], "the subscribed endpoint is left out; the named one is in")
        },
        check("deliveries of a disabled endpoint wait, unclaimed, until it is enabled") { makeStore in
            let tenant = try await Tenant.make(makeStore)
            let other = try await tenant.addEndpoint(at: at(0))
            let message = try await tenant.send(at: at(1))
            try await tenant.setDisabled(true, tenant.endpoint, at: at(2))
            // A resend queues a delivery even to a disabled endpoint; claims must pass it by.
            try await tenant.store.resendDelivery(messageID: message.id, endpointID: tenant.endpoint.id, now: at(3))
            #expect(try await tenant.store.claimAll(at: at(4), excluding: [other.id]).isEmpty, "with exclusions")
            #expect(try await tenant.store.claimAll(at: at(4)).map(\.endpoint.id) == [other.id], "without exclusions")
            #expect(try await tenant.store.nextDueTime() == nil, "nothing a dispatcher could claim is due")
            try await tenant.setDisabled(false, tenant.endpoint, at: at(5))
            #expect(try await tenant.store.nextDueTime() == at(3))
            let resent = try await tenant.store.claimAll(at: at(5))
            #expect(resent.map(\.endpoint.id) == [tenant.endpoint.id])
            #expect(resent.first?.manual == true)
        },
        check("nextDueTime is nil when nothing waits, else the earliest due time of what waits") { makeStore in
            let tenant = try await Tenant.make(makeStore)
            let store = tenant.store
            #expect(try await store.nextDueTime() == nil)
            try await tenant.send(at: at(5))
            try await tenant.send(at: at(3))
            #expect(try await store.nextDueTime() == at(3))
            let claimed = try await store.claim(2, at: at(5))
            #expect(try await store.nextDueTime() == nil, "claimed deliveries do not wait")
            try await store.record(claimed[0].failed(at: at(6), retryAt: at(40)), claimed[1].succeeded(at: at(6)))
            #expect(try await store.nextDueTime() == at(40))
        },
    ]
}
