import Herald
import HeraldStore
import Testing

private func check(_ name: String, _ body: @escaping @Sendable (StoreFactory) async throws -> Void) -> StoreConformanceCase {
    StoreConformanceCase(area: "applications", name, body: body)
}

extension StoreConformance {
    /// `createApplication`, `application(idOrUID:)`, `updateApplication`, `deleteApplication`
    /// (conflicts and `notFound` are in ``errorCases``, lists in ``paginationCases``).
    static let applicationCases: [StoreConformanceCase] = [
        check("a created application reads back by id with every field") { makeStore in
            let store = try await makeStore()
            let app = Make.application(at: at(0), uid: "customer-42", name: "Acme Billing",
                                       metadata: ["region": "eu-west", "tier": "gold", "note": "ünïcode ✓ \"quoted\""])
            try await store.createApplication(app)
            #expect(try await store.application(idOrUID: app.id) == app)
        },
        check("an application is found by its uid") { makeStore in
            let store = try await makeStore()
            let app = try await store.addApplication(at: at(0), uid: "customer-42")
            #expect(try await store.application(idOrUID: "customer-42") == app)
        },
        check("an id wins over another application's equal uid") { makeStore in
            let store = try await makeStore()
            let first = try await store.addApplication(at: at(0))
            let second = try await store.addApplication(at: at(1), uid: first.id)
            #expect(try await store.application(idOrUID: first.id) == first)
            #expect(try await store.application(idOrUID: second.id) == second)
        },
        check("an unknown id or uid reads as nil") { makeStore in
            let store = try await makeStore()
            _ = try await store.addApplication(at: at(0), uid: "customer-42")
            #expect(try await store.application(idOrUID: "customer-43") == nil)
            #expect(try await store.application(idOrUID: newID(.application, at: at(0))) == nil)
        },
        check("applications without a uid do not clash") { makeStore in
            let store = try await makeStore()
            let first = try await store.addApplication(at: at(0))
            let second = try await store.addApplication(at: at(1))
            #expect(try await store.application(idOrUID: first.id) == first)
            #expect(try await store.application(idOrUID: second.id) == second)
        },
        check("an update replaces uid, name, metadata and updatedAt, and keeps createdAt") { makeStore in
            let store = try await makeStore()
            let app = try await store.addApplication(at: at(0), uid: "old-uid")
            var changed = app
            changed.uid = "new-uid"
            changed.name = "Renamed"
            changed.metadata = ["owner": "payments"]
            changed.updatedAt = at(5)
            var sent = changed
            sent.createdAt = at(9)
            try await store.updateApplication(sent)
            #expect(try await store.application(idOrUID: app.id) == changed)
            #expect(try await store.application(idOrUID: "new-uid") == changed)
            #expect(try await store.application(idOrUID: "old-uid") == nil)
        },
        check("an update may keep the uid, or remove it") { makeStore in
            let store = try await makeStore()
            var app = try await store.addApplication(at: at(0), uid: "customer-42")
            app.name = "Same uid"
            try await store.updateApplication(app)
            #expect(try await store.application(idOrUID: "customer-42") == app)
            app.uid = nil
            try await store.updateApplication(app)
            #expect(try await store.application(idOrUID: app.id) == app)
            #expect(try await store.application(idOrUID: "customer-42") == nil)
        },
        check("a deleted application is gone, and deleting it again answers false") { makeStore in
            let store = try await makeStore()
            let app = try await store.addApplication(at: at(0), uid: "customer-42")
            let other = try await store.addApplication(at: at(1))
            #expect(try await store.deleteApplication(id: app.id))
            #expect(try await store.application(idOrUID: app.id) == nil)
            #expect(try await store.application(idOrUID: "customer-42") == nil)
            #expect(try await store.deleteApplication(id: app.id) == false)
            #expect(try await store.application(idOrUID: other.id) == other)
        },
        check("deleting an application deletes its endpoints, messages, deliveries, attempts and idempotency keys") { makeStore in
            let doomed = try await Tenant.make(makeStore)
            let store = doomed.store
            let survivor = try await store.addApplication(at: at(0))
            let survivorEndpoint = try await store.addEndpoint(to: survivor.id, at: at(0))
            let first = Make.message(to: doomed.app.id, at: at(1), eventID: "evt-1")
            _ = try await store.acceptMessage(Make.submission(first, key: "key-1", requestHash: [1]), now: at(1))
            let kept = try await store.send(to: survivor.id, at: at(1), eventID: "evt-1")
            // One failed attempt each: both have history, and a delivery waiting for a retry.
            for claimed in try await store.claim(2, at: at(1)) {
                try await store.record(claimed.failed(at: at(2), retryAt: at(60)))
            }

            #expect(try await store.deleteApplication(id: doomed.app.id))

            // The same application again, empty: nothing of the old one may show through it.
            try await store.createApplication(doomed.app)
            #expect(try await store.allEndpoints(of: doomed.app.id).isEmpty)
            #expect(try await store.endpoint(appID: doomed.app.id, id: doomed.endpoint.id) == nil)
            #expect(try await store.endpointSecrets(endpointID: doomed.endpoint.id, now: at(2)).isEmpty)
            #expect(try await store.message(appID: doomed.app.id, id: first.id) == nil)
            #expect(try await store.allMessages(of: doomed.app.id).isEmpty)
            #expect(try await store.allAttempts(of: doomed.app.id, message: first.id).isEmpty)
            #expect(try await store.allAttempts(of: doomed.app.id, endpoint: doomed.endpoint.id).isEmpty)
            let claimed = try await store.claimAll(at: at(60))
            #expect(claimed.map(\.message.id) == [kept.id], "only the other application's delivery is left")
            let again = Make.message(to: doomed.app.id, at: at(3), eventID: "evt-1")
            #expect(try await store.acceptMessage(Make.submission(again, key: "key-1", requestHash: [2]), now: at(3)) == .accepted(deliveries: 0),
                    "neither the event id nor the idempotency key is remembered")

            #expect(try await store.application(idOrUID: survivor.id) == survivor)
            #expect(try await store.endpoint(appID: survivor.id, id: survivorEndpoint.id) == survivorEndpoint)
            #expect(try await store.message(appID: survivor.id, id: kept.id) == kept)
            #expect(try await store.allAttempts(of: survivor.id, message: kept.id).count == 1)
        },
    ]
}
