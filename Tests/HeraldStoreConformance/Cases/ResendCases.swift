import HeraldStore
import Testing

private func check(_ name: String, _ body: @escaping @Sendable (StoreFactory) async throws -> Void) -> StoreConformanceCase {
    StoreConformanceCase(area: "resend", name, body: body)
}

extension StoreConformance {
    /// `resendDelivery`: creating, reviving and re-queueing a delivery for one manual attempt.
    static let resendCases: [StoreConformanceCase] = [
        check("a resend creates the delivery when there was none, for a manual attempt due now") { makeStore in
            let store = try await makeStore()
            let app = try await store.addApplication(at: at(0))
            let message = try await store.send(to: app.id, at: at(1))
            let endpoint = try await store.addEndpoint(to: app.id, at: at(2))
            try await store.resendDelivery(messageID: message.id, endpointID: endpoint.id, now: at(3))
            #expect(try await store.nextDueTime() == at(3))
            let claimed = try await store.claimAll(at: at(3))
            #expect(claimed.count == 1)
            #expect(claimed.first?.message == message)
            #expect(claimed.first?.endpoint.id == endpoint.id)
            #expect(claimed.first?.manual == true)
            #expect(claimed.first?.attemptsMade == 0)
        },
        check("a resend revives an exhausted delivery, keeping its attempt count") { makeStore in
            let tenant = try await Tenant.make(makeStore)
            let message = try await tenant.send(at: at(1))
            let claimed = try await tenant.store.claim(1, at: at(1))
            try await tenant.store.record(claimed[0].exhausted(at: at(2)))
            try await tenant.store.resendDelivery(messageID: message.id, endpointID: tenant.endpoint.id, now: at(5))
            let revived = try await tenant.store.claim(1, at: at(5))
            #expect(revived[0].deliveryID == claimed[0].deliveryID, "the same delivery, not a second one")
            #expect(revived[0].manual == true)
            #expect(revived[0].attemptsMade == 1)
        },
        check("a resend queues another attempt of a delivered message") { makeStore in
            let tenant = try await Tenant.make(makeStore)
            let message = try await tenant.send(at: at(1))
            let claimed = try await tenant.store.claim(1, at: at(1))
            try await tenant.store.record(claimed[0].succeeded(at: at(2)))
            try await tenant.store.resendDelivery(messageID: message.id, endpointID: tenant.endpoint.id, now: at(5))
            let again = try await tenant.store.claim(1, at: at(5))
            #expect(again[0].manual == true)
            #expect(again[0].attemptsMade == 1)
        },
        check("a resend makes a delivery waiting for a retry due now") { makeStore in
            let tenant = try await Tenant.make(makeStore)
            let message = try await tenant.send(at: at(1))
            let claimed = try await tenant.store.claim(1, at: at(1))
            try await tenant.store.record(claimed[0].failed(at: at(2), retryAt: at(600)))
            try await tenant.store.resendDelivery(messageID: message.id, endpointID: tenant.endpoint.id, now: at(5))
            #expect(try await tenant.store.nextDueTime() == at(5))
            let again = try await tenant.store.claim(1, at: at(5))
            #expect(again[0].manual == true)
            #expect(again[0].attemptsMade == 1)
        },
        check("a resend asks for one manual attempt: the retries after it are scheduled") { makeStore in
            let tenant = try await Tenant.make(makeStore)
            let message = try await tenant.send(at: at(1))
            let first = try await tenant.store.claim(1, at: at(1))
            try await tenant.store.record(first[0].exhausted(at: at(2)))
            try await tenant.store.resendDelivery(messageID: message.id, endpointID: tenant.endpoint.id, now: at(3))
            let manual = try await tenant.store.claim(1, at: at(3))
            try await tenant.store.record(manual[0].failed(at: at(4), retryAt: at(50)))
            let retry = try await tenant.store.claim(1, at: at(50))
            #expect(retry[0].manual == false)
            #expect(retry[0].attemptsMade == 2)
            let triggers = try await tenant.store.allAttempts(of: tenant.app.id, message: message.id).map(\.trigger)
            #expect(triggers == [.manual, .scheduled])
        },
        check("a resend made while an attempt is on the wire is not absorbed by that attempt's record") { makeStore in
            let tenant = try await Tenant.make(makeStore)
            let message = try await tenant.send(at: at(1))
            let inFlight = try await tenant.store.claim(1, at: at(1))
            try await tenant.store.resendDelivery(messageID: message.id, endpointID: tenant.endpoint.id, now: at(2))
            #expect(try await tenant.store.claimAll(at: at(2)).isEmpty, "the delivery is still on the wire: no second claim")
            try await tenant.store.record(inFlight[0].succeeded(at: at(3)))
            #expect(try await tenant.store.nextDueTime() == at(2), "due again at the resend's time")
            let resent = try await tenant.store.claimAll(at: at(3))
            #expect(resent.map(\.deliveryID) == [inFlight[0].deliveryID])
            #expect(resent.first?.manual == true)
            #expect(resent.first?.attemptsMade == 1)
            try await tenant.store.record(resent[0].succeeded(at: at(4)))
            #expect(try await tenant.store.nextDueTime() == nil, "one resend, one more attempt")
            let triggers = try await tenant.store.allAttempts(of: tenant.app.id, message: message.id).map(\.trigger)
            #expect(triggers == [.manual, .scheduled], "newest first")
        },
        check("a resend made while a failing attempt is on the wire goes now, not at the retry time") { makeStore in
            let tenant = try await Tenant.make(makeStore)
            let message = try await tenant.send(at: at(1))
            let inFlight = try await tenant.store.claim(1, at: at(1))
            try await tenant.store.resendDelivery(messageID: message.id, endpointID: tenant.endpoint.id, now: at(2))
            try await tenant.store.record(inFlight[0].failed(at: at(3), retryAt: at(900)))
            #expect(try await tenant.store.nextDueTime() == at(2))
            let resent = try await tenant.store.claimAll(at: at(3))
            #expect(resent.first?.manual == true)
        },
    ]
}
