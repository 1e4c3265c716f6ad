import HeraldStore
import Testing

private func check(_ name: String, _ body: @escaping @Sendable (StoreFactory) async throws -> Void) -> StoreConformanceCase {
    StoreConformanceCase(area: "delivery signal", name, body: body)
}

extension StoreConformance {
    /// `deliverySignal`: rung when deliveries become due without the dispatcher scheduling them.
    static let deliverySignalCases: [StoreConformanceCase] = [
        check("the signal rings when an accepted message has deliveries") { makeStore in
            let tenant = try await Tenant.make(makeStore)
            await drain(tenant.store.deliverySignal)
            try await tenant.send(at: at(1))
            #expect(await rings(tenant.store.deliverySignal))
        },
        check("the signal rings after a resend") { makeStore in
            let tenant = try await Tenant.make(makeStore)
            let message = try await tenant.send(at: at(1))
            let claimed = try await tenant.store.claim(1, at: at(1))
            try await tenant.store.record(claimed[0].exhausted(at: at(2)))
            await drain(tenant.store.deliverySignal)
            try await tenant.store.resendDelivery(messageID: message.id, endpointID: tenant.endpoint.id, now: at(3))
            #expect(await rings(tenant.store.deliverySignal))
        },
        check("the signal rings after a recovery that re-queued deliveries") { makeStore in
            let tenant = try await Tenant.make(makeStore)
            try await tenant.send(at: at(1))
            let claimed = try await tenant.store.claim(1, at: at(1))
            try await tenant.store.record(claimed[0].exhausted(at: at(2)))
            await drain(tenant.store.deliverySignal)
            #expect(try await tenant.store.recoverDeliveries(endpointID: tenant.endpoint.id, since: at(0), until: nil, now: at(3)) == 1)
            #expect(await rings(tenant.store.deliverySignal))
        },
    ]
}
