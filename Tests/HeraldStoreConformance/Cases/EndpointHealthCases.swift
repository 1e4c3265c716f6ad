import HeraldStore
import Testing

private func check(_ name: String, _ body: @escaping @Sendable (StoreFactory) async throws -> Void) -> StoreConformanceCase {
    StoreConformanceCase(area: "endpoint health", name, body: body)
}

extension StoreConformance {
    /// `recordAttempts` disabling endpoints: on request, past the failing-since limit, the ids it
    /// returns, and what enabling again forgets.
    static let endpointHealthCases: [StoreConformanceCase] = [
        check("an outcome asking to disable its endpoint disables it, cancels what waits for it, and returns its id") { makeStore in
            let tenant = try await Tenant.make(makeStore)
            let store = tenant.store
            try await tenant.send(at: at(1))
            try await tenant.send(at: at(2))
            let claimed = try await store.claim(1, at: at(1))
            #expect(try await store.record(claimed[0].failed(at: at(3), retryAt: at(30), disableEndpoint: true)) == [tenant.endpoint.id])
            #expect(try await store.endpoint(appID: tenant.app.id, id: tenant.endpoint.id)?.disabled == true)
            try await tenant.setDisabled(false, tenant.endpoint, at: at(4))
            #expect(try await store.claimAll(at: at(100)).isEmpty, "the failed and the pending delivery were cancelled")
        },
        check("an endpoint failing since the limit or earlier is disabled, and what waits for it cancelled") { makeStore in
            let tenant = try await Tenant.make(makeStore)
            let store = tenant.store
            try await tenant.send(at: at(1))
            try await tenant.send(at: at(2))
            try await tenant.send(at: at(3))
            let first = try await store.claimDueDeliveries(now: at(1), limit: 1, leaseUntil: at(60), excludingEndpoints: [])
            #expect(try await store.recordAttempts([first[0].failed(at: at(1), retryAt: at(50))], now: at(1), failingSinceLimit: at(0)).isEmpty,
                    "failing since 1 s, which is after the limit")
            let second = try await store.claimDueDeliveries(now: at(2), limit: 1, leaseUntil: at(60), excludingEndpoints: [])
            #expect(try await store.recordAttempts([second[0].failed(at: at(3), retryAt: at(50))], now: at(3), failingSinceLimit: at(2))
                    == [tenant.endpoint.id], "failing since 1 s, before the limit of 2 s")
            #expect(try await store.endpoint(appID: tenant.app.id, id: tenant.endpoint.id)?.disabled == true)
            try await tenant.setDisabled(false, tenant.endpoint, at: at(4))
            #expect(try await store.claimAll(at: at(100)).isEmpty, "the waiting deliveries were cancelled")
        },
        check("a success clears the failing-since time") { makeStore in
            let tenant = try await Tenant.make(makeStore)
            let store = tenant.store
            for second in Int64(1)...3 { try await tenant.send(at: at(second)) }
            let first = try await store.claimDueDeliveries(now: at(1), limit: 1, leaseUntil: at(60), excludingEndpoints: [])
            _ = try await store.recordAttempts([first[0].failed(at: at(1), retryAt: at(50))], now: at(1), failingSinceLimit: at(0))
            let second = try await store.claimDueDeliveries(now: at(2), limit: 1, leaseUntil: at(60), excludingEndpoints: [])
            _ = try await store.recordAttempts([second[0].succeeded(at: at(2))], now: at(2), failingSinceLimit: at(0))
            let third = try await store.claimDueDeliveries(now: at(3), limit: 1, leaseUntil: at(60), excludingEndpoints: [])
            #expect(try await store.recordAttempts([third[0].failed(at: at(4), retryAt: at(50))], now: at(4), failingSinceLimit: at(3)).isEmpty,
                    "failing only since 4 s")
            #expect(try await store.endpoint(appID: tenant.app.id, id: tenant.endpoint.id)?.disabled == false)
        },
        check("enabling a disabled endpoint forgets its failures") { makeStore in
            let tenant = try await Tenant.make(makeStore)
            let store = tenant.store
            try await tenant.send(at: at(1))
            let first = try await store.claim(1, at: at(1))
            #expect(try await store.record(first[0].failed(at: at(1), retryAt: at(50), disableEndpoint: true)) == [tenant.endpoint.id])
            try await tenant.setDisabled(false, tenant.endpoint, at: at(2))
            try await tenant.send(at: at(3))
            let second = try await store.claim(1, at: at(3))
            #expect(try await store.recordAttempts([second[0].failed(at: at(4), retryAt: at(50))], now: at(4), failingSinceLimit: at(2)).isEmpty,
                    "failing since 4 s, not since 1 s")
            #expect(try await store.endpoint(appID: tenant.app.id, id: tenant.endpoint.id)?.disabled == false)
        },
        check("each endpoint disabled is returned once, and one already disabled not at all") { makeStore in
            let tenant = try await Tenant.make(makeStore)
            let store = tenant.store
            let healthy = try await tenant.addEndpoint(at: at(0))
            try await tenant.send(at: at(1))
            try await tenant.send(at: at(2))
            try await tenant.send(at: at(3))
            let claimed = try await store.claim(6, at: at(3))
            let failing = claimed.filter { $0.endpoint.id == tenant.endpoint.id }
            let fine = claimed.filter { $0.endpoint.id == healthy.id }
            #expect(try await store.recordAttempts([failing[0].failed(at: at(4), retryAt: at(50), disableEndpoint: true),
                                                    fine[0].succeeded(at: at(4)),
                                                    failing[1].failed(at: at(4), retryAt: at(50), disableEndpoint: true)],
                                                   now: at(4), failingSinceLimit: 0) == [tenant.endpoint.id])
            #expect(try await store.record(failing[2].failed(at: at(5), retryAt: at(50), disableEndpoint: true)).isEmpty)
            #expect(try await store.endpoint(appID: tenant.app.id, id: healthy.id)?.disabled == false)
        },
    ]
}
