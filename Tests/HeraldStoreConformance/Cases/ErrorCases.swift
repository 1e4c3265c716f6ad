import HeraldStore
import Testing

private func check(_ name: String, _ body: @escaping @Sendable (StoreFactory) async throws -> Void) -> StoreConformanceCase {
    StoreConformanceCase(area: "errors", name, body: body)
}

extension StoreConformance {
    /// Every `conflict` and `notFound` the protocol names: its code, that it is not retryable,
    /// and that the failed call changed nothing.
    static let errorCases: [StoreConformanceCase] = [
        check("creating an application with a taken uid is a conflict and stores nothing") { makeStore in
            let store = try await makeStore()
            let first = try await store.addApplication(at: at(0), uid: "customer-42")
            let second = Make.application(at: at(1), uid: "customer-42")
            await expectStoreError(.conflict) { try await store.createApplication(second) }
            #expect(try await store.application(idOrUID: second.id) == nil)
            #expect(try await store.application(idOrUID: "customer-42") == first)
        },
        check("updating an application to a taken uid is a conflict and changes nothing") { makeStore in
            let store = try await makeStore()
            _ = try await store.addApplication(at: at(0), uid: "customer-42")
            let second = try await store.addApplication(at: at(1), uid: "customer-43")
            var changed = second
            changed.uid = "customer-42"
            changed.name = "Renamed"
            changed.updatedAt = at(2)
            await expectStoreError(.conflict) { try await store.updateApplication(changed) }
            #expect(try await store.application(idOrUID: second.id) == second)
        },
        check("updating a missing application is notFound") { makeStore in
            let store = try await makeStore()
            let missing = Make.application(at: at(0))
            await expectStoreError(.notFound) { try await store.updateApplication(missing) }
            #expect(try await store.application(idOrUID: missing.id) == nil)
        },
        check("creating an event type with a taken name is a conflict and keeps the first") { makeStore in
            let store = try await makeStore()
            let first = Make.eventType("invoice.paid", at: at(0))
            try await store.createEventType(first)
            var second = Make.eventType("invoice.paid", at: at(1))
            second.description = "another"
            await expectStoreError(.conflict) { try await store.createEventType(second) }
            #expect(try await store.eventType(name: "invoice.paid") == first)
        },
        check("updating a missing event type is notFound") { makeStore in
            let store = try await makeStore()
            await expectStoreError(.notFound) { try await store.updateEventType(Make.eventType("invoice.paid", at: at(0))) }
            #expect(try await store.eventType(name: "invoice.paid") == nil)
        },
        check("updating a missing endpoint, or one of another application, is notFound") { makeStore in
            let tenant = try await Tenant.make(makeStore)
            let other = try await tenant.store.addApplication(at: at(1))
            await expectStoreError(.notFound) { try await tenant.store.updateEndpoint(Make.endpoint(of: tenant.app.id, at: at(2))) }
            var elsewhere = tenant.endpoint
            elsewhere.appID = other.id
            elsewhere.url = "https://elsewhere.example"
            await expectStoreError(.notFound) { try await tenant.store.updateEndpoint(elsewhere) }
            #expect(try await tenant.store.endpoint(appID: tenant.app.id, id: tenant.endpoint.id) == tenant.endpoint)
            #expect(try await tenant.store.endpoint(appID: other.id, id: tenant.endpoint.id) == nil)
        },
        check("an endpoint of an unknown application is notFound, and nothing is stored") { makeStore in
            let store = try await makeStore()
            let orphan = Make.endpoint(of: "app_01J00000000000000000000000", at: at(0))
            await expectStoreError(.notFound) { try await store.createEndpoint(orphan, secret: Make.secret(at: at(0))) }
            #expect(try await store.endpoint(appID: orphan.appID, id: orphan.id) == nil)
        },
        check("a message to an unknown application is notFound, and nothing is stored") { makeStore in
            let store = try await makeStore()
            let message = Make.message(to: "app_01J00000000000000000000000", at: at(0))
            await expectStoreError(.notFound) { _ = try await store.acceptMessage(Make.submission(message), now: at(0)) }
            #expect(try await store.message(appID: message.appID, id: message.id) == nil)
        },
        check("resending an unknown message, or to an unknown endpoint, is notFound and queues nothing") { makeStore in
            let tenant = try await Tenant.make(makeStore)
            let message = Make.message(to: tenant.app.id, at: at(1))
            _ = try await tenant.store.acceptMessage(Make.submission(message), now: at(1))
            _ = try await tenant.store.claimDueDeliveries(now: at(2), limit: 10, leaseUntil: at(3), excludingEndpoints: [])
            await expectStoreError(.notFound) {
                try await tenant.store.resendDelivery(messageID: "msg_01J00000000000000000000000", endpointID: tenant.endpoint.id, now: at(4))
            }
            await expectStoreError(.notFound) {
                try await tenant.store.resendDelivery(messageID: message.id, endpointID: "ep_01J00000000000000000000000", now: at(4))
            }
            #expect(try await tenant.store.claimDueDeliveries(now: at(10), limit: 10, leaseUntil: at(11), excludingEndpoints: []).isEmpty)
            #expect(try await tenant.store.nextDueTime() == nil)
        },
    ]
}
