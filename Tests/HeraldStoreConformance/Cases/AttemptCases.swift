import Herald
import HeraldStore
import Testing

private func check(_ name: String, _ body: @escaping @Sendable (StoreFactory) async throws -> Void) -> StoreConformanceCase {
    StoreConformanceCase(area: "attempts", name, body: body)
}

/// The claim of `message` to `endpoint` among `claimed`.
private func delivery(of message: MessageRecord, to endpoint: EndpointRecord, in claimed: [ClaimedDelivery]) throws -> ClaimedDelivery {
    let match = claimed.first { $0.message.id == message.id && $0.endpoint.id == endpoint.id }
    return try #require(match)
}

extension StoreConformance {
    /// `recordAttempts` (the delivery's new state, attempts of deliveries that are gone) and
    /// `listAttempts` with its filters (endpoint health is in ``endpointHealthCases``).
    static let attemptCases: [StoreConformanceCase] = [
        check("an attempt reads back exactly as recorded, for its message and its endpoint") { makeStore in
            let tenant = try await Tenant.make(makeStore)
            let message = try await tenant.send(at: at(1))
            let claimed = try await tenant.store.claim(1, at: at(1))[0]
            let attempt = AttemptRecord(id: newID(.attempt, at: at(2)), deliveryID: claimed.deliveryID, messageID: message.id,
                                        endpointID: tenant.endpoint.id, appID: tenant.app.id, attemptNumber: 1, trigger: .scheduled,
                                        succeeded: false, startedAt: at(2), durationMilliseconds: 1234, responseStatus: 503, errorKind: nil,
                                        errorMessage: "Service Unavailable", responseBody: [0x00, 0xFF, 0x7B, 0x0A, 0xE2, 0x98],
                                        responseContentType: "text/plain; charset=utf-8")
            try await tenant.store.record(AttemptOutcome(attempt: attempt, status: .failed, nextAttemptAt: at(30), disableEndpoint: false))
            let retried = try await tenant.store.claim(1, at: at(30))[0]
            let timeout = AttemptRecord(id: newID(.attempt, at: at(31)), deliveryID: retried.deliveryID, messageID: message.id,
                                        endpointID: tenant.endpoint.id, appID: tenant.app.id, attemptNumber: 2, trigger: .scheduled,
                                        succeeded: false, startedAt: at(31), durationMilliseconds: 15_000, responseStatus: nil, errorKind: "timeout",
                                        errorMessage: "no answer within 15 s", responseBody: [], responseContentType: nil)
            try await tenant.store.record(AttemptOutcome(attempt: timeout, status: .exhausted, nextAttemptAt: nil, disableEndpoint: false))
            #expect(try await tenant.store.allAttempts(of: tenant.app.id, message: message.id) == [timeout, attempt])
            #expect(try await tenant.store.allAttempts(of: tenant.app.id, endpoint: tenant.endpoint.id) == [timeout, attempt])
        },
        check("a succeeded delivery is never claimed again") { makeStore in
            let tenant = try await Tenant.make(makeStore)
            try await tenant.send(at: at(1))
            let claimed = try await tenant.store.claim(1, at: at(1))
            #expect(try await tenant.store.record(claimed[0].succeeded(at: at(2))).isEmpty)
            #expect(try await tenant.store.nextDueTime() == nil)
            #expect(try await tenant.store.expireLeases(now: at(100_000)) == 0)
            #expect(try await tenant.store.releaseAllLeases(now: at(100_000)) == 0)
            #expect(try await tenant.store.claimAll(at: at(100_000)).isEmpty)
        },
        check("a failed delivery comes back at its next attempt time, counting its attempts") { makeStore in
            let tenant = try await Tenant.make(makeStore)
            try await tenant.send(at: at(1))
            let first = try await tenant.store.claim(1, at: at(1))
            try await tenant.store.record(first[0].failed(at: at(2), retryAt: at(30)))
            #expect(try await tenant.store.nextDueTime() == at(30))
            #expect(try await tenant.store.claimAll(at: at(29)).isEmpty)
            let second = try await tenant.store.claim(1, at: at(30))
            #expect(second[0].attemptsMade == 1)
            #expect(second[0].manual == false)
            try await tenant.store.record(second[0].failed(at: at(31), retryAt: at(90)))
            let third = try await tenant.store.claim(1, at: at(90))
            #expect(third[0].attemptsMade == 2)
        },
        check("an exhausted delivery is never claimed again") { makeStore in
            let tenant = try await Tenant.make(makeStore)
            try await tenant.send(at: at(1))
            let claimed = try await tenant.store.claim(1, at: at(1))
            try await tenant.store.record(claimed[0].exhausted(at: at(2)))
            #expect(try await tenant.store.nextDueTime() == nil)
            #expect(try await tenant.store.claimAll(at: at(100_000)).isEmpty)
        },
        check("one call records several outcomes, each for its own delivery") { makeStore in
            let tenant = try await Tenant.make(makeStore)
            let succeeded = try await tenant.send(at: at(1))
            let failed = try await tenant.send(at: at(2))
            let exhausted = try await tenant.send(at: at(3))
            let claimed = try await tenant.store.claim(3, at: at(3))
            let byMessage = Dictionary(uniqueKeysWithValues: claimed.map { ($0.message.id, $0) })
            let outcomes = try [
                #require(byMessage[succeeded.id]).succeeded(at: at(4)),
                #require(byMessage[failed.id]).failed(at: at(5), retryAt: at(20)),
                #require(byMessage[exhausted.id]).exhausted(at: at(6)),
            ]
            #expect(try await tenant.store.recordAttempts(outcomes, now: at(6), failingSinceLimit: 0).isEmpty)
            #expect(try await tenant.store.allAttempts(of: tenant.app.id, endpoint: tenant.endpoint.id) == outcomes.map(\.attempt).reversed())
            #expect(try await tenant.store.claimAll(at: at(100_000)).map(\.message.id) == [failed.id])
        },
        check("an attempt whose delivery went with its message is dropped") { makeStore in
            let tenant = try await Tenant.make(makeStore)
            try await tenant.send(at: at(1))
            let claimed = try await tenant.store.claim(1, at: at(1))
            #expect(try await tenant.store.deleteExpired(before: at(2), idempotencyBefore: at(0), limit: 10) == 1)
            try await tenant.store.record(claimed[0].failed(at: at(3), retryAt: at(30)))
            #expect(try await tenant.store.allAttempts(of: tenant.app.id, endpoint: tenant.endpoint.id).isEmpty)
            #expect(try await tenant.store.nextDueTime() == nil)
        },
        check("an attempt whose delivery went with its endpoint is dropped") { makeStore in
            let tenant = try await Tenant.make(makeStore)
            let message = try await tenant.send(at: at(1))
            let claimed = try await tenant.store.claim(1, at: at(1))
            #expect(try await tenant.store.deleteEndpoint(appID: tenant.app.id, id: tenant.endpoint.id))
            try await tenant.store.record(claimed[0].failed(at: at(3), retryAt: at(30)))
            #expect(try await tenant.store.allAttempts(of: tenant.app.id, message: message.id).isEmpty)
            #expect(try await tenant.store.nextDueTime() == nil)
        },
        check("attempts list newest first for a message or an endpoint, filtered by outcome and trigger") { makeStore in
            let tenant = try await Tenant.make(makeStore)
            let store = tenant.store
            let app = tenant.app.id
            let second = try await tenant.addEndpoint(at: at(0))
            let m1 = try await tenant.send(at: at(1))
            let m2 = try await tenant.send(at: at(2))
            let claimed = try await store.claim(4, at: at(2))
            let a3 = try delivery(of: m1, to: tenant.endpoint, in: claimed).failed(at: at(3), retryAt: at(100))
            let a4 = try delivery(of: m1, to: second, in: claimed).succeeded(at: at(4))
            let a5 = try delivery(of: m2, to: tenant.endpoint, in: claimed).succeeded(at: at(5))
            let a6 = try delivery(of: m2, to: second, in: claimed).failed(at: at(6), retryAt: at(100))
            try await store.record(a3, a4, a5, a6)
            try await store.resendDelivery(messageID: m1.id, endpointID: second.id, now: at(7))
            let manual = try await store.claim(1, at: at(7))
            let a8 = manual[0].failed(at: at(8), retryAt: at(100))
            try await store.record(a8)
            #expect(a8.attempt.trigger == .manual)

            #expect(try await store.allAttempts(of: app, message: m1.id) == [a8, a4, a3].map(\.attempt))
            #expect(try await store.allAttempts(of: app, endpoint: second.id) == [a8, a6, a4].map(\.attempt))
            #expect(try await store.allAttempts(of: app, message: m1.id, filter: AttemptFilter(succeeded: true)) == [a4.attempt])
            #expect(try await store.allAttempts(of: app, message: m1.id, filter: AttemptFilter(succeeded: false)) == [a8, a3].map(\.attempt))
            #expect(try await store.allAttempts(of: app, message: m1.id, filter: AttemptFilter(trigger: .manual)) == [a8.attempt])
            #expect(try await store.allAttempts(of: app, message: m1.id, filter: AttemptFilter(trigger: .scheduled)) == [a4, a3].map(\.attempt))
            #expect(try await store.allAttempts(of: app, endpoint: tenant.endpoint.id, filter: AttemptFilter(succeeded: true)) == [a5.attempt])
            #expect(try await store.allAttempts(of: app, endpoint: second.id, filter: AttemptFilter(succeeded: false, trigger: .scheduled))
                    == [a6.attempt])
            let other = try await store.addApplication(at: at(9))
            #expect(try await store.allAttempts(of: other.id, message: m1.id).isEmpty, "attempts belong to their application")
            #expect(try await store.allAttempts(of: other.id, endpoint: second.id).isEmpty)
        },
    ]
}
