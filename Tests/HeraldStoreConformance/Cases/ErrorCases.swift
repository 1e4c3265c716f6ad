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
    ]
}
