import Herald
import HeraldStore
import Testing

private func check(_ name: String, _ body: @escaping @Sendable (StoreFactory) async throws -> Void) -> StoreConformanceCase {
    StoreConformanceCase(area: "endpoints", name, body: body)
}

extension StoreConformance {
    /// `createEndpoint`, `endpoint(appID:id:)`, `updateEndpoint` (disabling, enabling, the
    /// filter), `deleteEndpoint` with what goes with it.
    static let endpointCases: [StoreConformanceCase] = [
        check("a created endpoint reads back with every field") { makeStore in
            let store = try await makeStore()
            let app = try await store.addApplication(at: at(0))
            let full = EndpointRecord(id: newID(.endpoint, at: at(1)), appID: app.id, url: "https://receiver.example/hooks?tenant=7",
                                      description: "Billing receiver ✓", eventTypes: ["invoice.paid", "customer.created", "invoice.voided"],
                                      disabled: false, rateLimit: 10, headers: ["X-Tenant": "7", "Authorization": "Bearer abc"],
                                      retryScheduleSeconds: [5, 300, 1800], batch: EndpointBatching(maxEvents: 100, maxWaitMilliseconds: 500),
                                      timeoutMilliseconds: 7500, createdAt: at(1), updatedAt: at(2))
            var noRetries = Make.endpoint(of: app.id, at: at(3), disabled: true)
            noRetries.retryScheduleSeconds = []
            let plain = Make.endpoint(of: app.id, at: at(4))
            var noWait = Make.endpoint(of: app.id, at: at(5))
            noWait.batch = EndpointBatching(maxEvents: 1, maxWaitMilliseconds: 0)
            for endpoint in [full, noRetries, plain, noWait] {
                try await store.createEndpoint(endpoint, secret: Make.secret(at: endpoint.createdAt))
            }
            #expect(try await store.endpoint(appID: app.id, id: full.id) == full)
            #expect(try await store.endpoint(appID: app.id, id: noWait.id) == noWait, "a batch of one that does not wait is still a batch")
            #expect(try await store.allEndpoints(of: app.id).first { $0.id == full.id } == full, "lists carry every field too")
            #expect(try await store.endpoint(appID: app.id, id: noRetries.id) == noRetries, "an empty retry schedule is not a missing one")
            #expect(try await store.endpoint(appID: app.id, id: plain.id) == plain)
        },
        check("an endpoint is not found through another application") { makeStore in
            let tenant = try await Tenant.make(makeStore)
            let other = try await tenant.store.addApplication(at: at(1))
            #expect(try await tenant.store.endpoint(appID: other.id, id: tenant.endpoint.id) == nil)
            #expect(try await tenant.store.allEndpoints(of: other.id).isEmpty)
            #expect(try await tenant.store.allEndpoints(of: tenant.app.id) == [tenant.endpoint])
        },
        check("an update replaces the endpoint's fields") { makeStore in
            let tenant = try await Tenant.make(makeStore)
            var changed = tenant.endpoint
            changed.url = "https://receiver.example/v2"
            changed.description = "moved"
            changed.eventTypes = ["invoice.voided", "invoice.paid"]
            changed.rateLimit = 3
            changed.headers = ["X-Version": "2"]
            changed.retryScheduleSeconds = [1, 2]
            changed.batch = EndpointBatching(maxEvents: 1000, maxWaitMilliseconds: 10_000)
            changed.timeoutMilliseconds = 60_000
            changed.updatedAt = at(5)
            try await tenant.store.updateEndpoint(changed)
            #expect(try await tenant.store.endpoint(appID: tenant.app.id, id: changed.id) == changed)
            changed.eventTypes = []
            changed.rateLimit = nil
            changed.headers = [:]
            changed.retryScheduleSeconds = nil
            changed.batch = nil
            changed.timeoutMilliseconds = nil
            changed.updatedAt = at(6)
            try await tenant.store.updateEndpoint(changed)
            #expect(try await tenant.store.endpoint(appID: tenant.app.id, id: changed.id) == changed)
        },
        check("an updated filter decides which later messages the endpoint receives") { makeStore in
            let tenant = try await Tenant.make(makeStore)
            var filtered = tenant.endpoint
            filtered.eventTypes = ["invoice.voided"]
            try await tenant.store.updateEndpoint(filtered)
            #expect(try await tenant.store.acceptMessage(Make.submission(Make.message(to: tenant.app.id, at: at(1), eventType: "invoice.paid")),
                                                         now: at(1)) == .accepted(deliveries: 0))
            filtered.eventTypes = []
            try await tenant.store.updateEndpoint(filtered)
            #expect(try await tenant.store.acceptMessage(Make.submission(Make.message(to: tenant.app.id, at: at(2), eventType: "invoice.paid")),
                                                         now: at(2)) == .accepted(deliveries: 1), "an empty filter receives every type")
        },
        check("disabling an endpoint cancels what waits for it; enabling it again does not bring that back") { makeStore in
            let tenant = try await Tenant.make(makeStore)
            let store = tenant.store
            let retried = try await tenant.send(at: at(1))
            for claimed in try await store.claim(1, at: at(1)) {
                try await store.record(claimed.failed(at: at(1), retryAt: at(30)))
            }
            try await tenant.send(at: at(2))
            try await tenant.setDisabled(true, tenant.endpoint, at: at(3))
            #expect(try await store.endpoint(appID: tenant.app.id, id: tenant.endpoint.id)?.disabled == true)
            #expect(try await store.claimAll(at: at(100)).isEmpty)
            try await tenant.setDisabled(false, tenant.endpoint, at: at(4))
            #expect(try await store.nextDueTime() == nil, "the failed and the pending delivery were cancelled")
            #expect(try await store.claimAll(at: at(100)).isEmpty)
            let later = try await tenant.send(at: at(5))
            #expect(try await store.claimAll(at: at(100)).map(\.message.id) == [later.id], "new messages reach it again")
            #expect(try await store.allAttempts(of: tenant.app.id, message: retried.id).count == 1, "history stays")
        },
        check("disabling an endpoint cancels its claimed deliveries too: their outcome does not revive them") { makeStore in
            let tenant = try await Tenant.make(makeStore)
            try await tenant.send(at: at(1))
            let claimed = try await tenant.store.claim(1, at: at(1))
            try await tenant.setDisabled(true, tenant.endpoint, at: at(2))
            try await tenant.store.record(claimed[0].failed(at: at(3), retryAt: at(30)))
            try await tenant.setDisabled(false, tenant.endpoint, at: at(4))
            #expect(try await tenant.store.expireLeases(now: at(100)) == 0)
            #expect(try await tenant.store.claimAll(at: at(100)).isEmpty)
            #expect(try await tenant.store.nextDueTime() == nil)
        },
        check("a deleted endpoint is gone with its secrets, and deleting it again answers false") { makeStore in
            let tenant = try await Tenant.make(makeStore)
            let other = try await tenant.addEndpoint(at: at(1))
            #expect(try await tenant.store.deleteEndpoint(appID: tenant.app.id, id: tenant.endpoint.id))
            #expect(try await tenant.store.endpoint(appID: tenant.app.id, id: tenant.endpoint.id) == nil)
            #expect(try await tenant.store.allEndpoints(of: tenant.app.id) == [other])
            #expect(try await tenant.store.endpointSecrets(endpointID: tenant.endpoint.id, now: at(2)).isEmpty)
            #expect(try await tenant.store.deleteEndpoint(appID: tenant.app.id, id: tenant.endpoint.id) == false)
        },
        check("an endpoint is not deleted through another application") { makeStore in
            let tenant = try await Tenant.make(makeStore)
            let other = try await tenant.store.addApplication(at: at(1))
            #expect(try await tenant.store.deleteEndpoint(appID: other.id, id: tenant.endpoint.id) == false)
            #expect(try await tenant.store.endpoint(appID: tenant.app.id, id: tenant.endpoint.id) == tenant.endpoint)
        },
        check("deleting an endpoint deletes its attempts and the deliveries waiting for it, claimed or not") { makeStore in
            let tenant = try await Tenant.make(makeStore)
            let store = tenant.store
            let other = try await tenant.addEndpoint(at: at(0))
            // For each endpoint: a delivery waiting for a retry, one claimed, one pending.
            let retried = try await tenant.send(at: at(1))
            for claimed in try await store.claim(2, at: at(1)) {
                try await store.record(claimed.failed(at: at(1), retryAt: at(30)))
            }
            let inFlight = try await tenant.send(at: at(2))
            _ = try await store.claim(2, at: at(2))
            let pending = try await tenant.send(at: at(3))

            #expect(try await store.deleteEndpoint(appID: tenant.app.id, id: tenant.endpoint.id))

            #expect(try await store.allAttempts(of: tenant.app.id, endpoint: tenant.endpoint.id).isEmpty)
            #expect(try await store.allAttempts(of: tenant.app.id, message: retried.id).map(\.endpointID) == [other.id])
            #expect(try await store.expireLeases(now: at(100)) == 1, "only the other endpoint's claim is left")
            let left = try await store.claimAll(at: at(100))
            #expect(left.allSatisfy { $0.endpoint.id == other.id })
            #expect(Set(left.map(\.message.id)) == [retried.id, inFlight.id, pending.id])
            #expect(try await store.nextDueTime() == nil)
            for message in [retried, inFlight, pending] {
                #expect(try await store.message(appID: tenant.app.id, id: message.id) == message, "messages stay")
            }
        },
    ]
}
