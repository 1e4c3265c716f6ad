import Herald
import HeraldStore
import Testing

private func check(_ name: String, _ body: @escaping @Sendable (StoreFactory) async throws -> Void) -> StoreConformanceCase {
    StoreConformanceCase(area: "batches", name, body: body)
}

/// `count` messages sent one second apart from `start`, claimed at the last one's time and put
/// in one batch made at that time; returns the batch id and the claims.
private func sendBatch(_ tenant: Tenant, count: Int, from start: Int64 = 1) async throws -> (id: String, members: [ClaimedDelivery]) {
    for second in start..<start + Int64(count) { try await tenant.send(at: at(second)) }
    let now = at(start + Int64(count) - 1)
    let members = try await tenant.store.claim(count, at: now)
    let batchID = newID(.batch, at: now)
    try await tenant.store.assignBatch(batchID, deliveryIDs: members.map(\.deliveryID))
    return (batchID, members)
}

/// The outcome of a batch's request that failed at `time`, for every member: each attempt
/// carries the batch, and the next one is due at `retryAt`.
private func batchFailed(_ members: [ClaimedDelivery], batchID: String, at time: Int64, retryAt: Int64) -> [AttemptOutcome] {
    members.map { member in
        var outcome = member.failed(at: time, retryAt: retryAt)
        outcome.attempt.id = newID(.attempt, at: time)
        outcome.attempt.batchID = batchID
        return outcome
    }
}

extension StoreConformance {
    /// `assignBatch`, and what batches change in claims, leases, attempts, resends and recoveries.
    static let batchCases: [StoreConformanceCase] = [
        check("assignBatch puts in-flight deliveries in a batch that their next claims carry") { makeStore in
            let tenant = try await Tenant.make(makeStore)
            for second in Int64(1)...3 { try await tenant.send(at: at(second)) }
            let claimed = try await tenant.store.claim(3, at: at(3))
            let batchID = newID(.batch, at: at(3))
            try await tenant.store.assignBatch(batchID, deliveryIDs: [claimed[0].deliveryID, claimed[1].deliveryID])
            try await tenant.store.releaseDeliveries(claimed.map(\.deliveryID), notBefore: at(4))
            let again = try await tenant.store.claim(3, at: at(4))
            let batches = Dictionary(uniqueKeysWithValues: again.map { ($0.deliveryID, $0.batchID) })
            #expect(batches[claimed[0].deliveryID] == batchID)
            #expect(batches[claimed[1].deliveryID] == batchID)
            #expect(batches[claimed[2].deliveryID] == .some(nil), "the third was not assigned")
        },
        check("assignBatch leaves deliveries that are not in flight alone") { makeStore in
            let tenant = try await Tenant.make(makeStore)
            try await tenant.send(at: at(1))
            let waiting = try await tenant.store.claim(1, at: at(1))
            try await tenant.store.releaseDeliveries([waiting[0].deliveryID], notBefore: at(1))
            try await tenant.store.assignBatch(newID(.batch, at: at(2)), deliveryIDs: [waiting[0].deliveryID])
            try await tenant.store.assignBatch(newID(.batch, at: at(2)), deliveryIDs: [])
            #expect(try await tenant.store.claim(1, at: at(3)).first?.batchID == nil, "a waiting delivery is not put in a batch")
        },
        check("a batch is claimed whole, even beyond the limit, and before later deliveries") { makeStore in
            let tenant = try await Tenant.make(makeStore)
            let store = tenant.store
            let (batchID, members) = try await sendBatch(tenant, count: 5)
            try await store.record(contentsOf: batchFailed(members, batchID: batchID, at: at(6), retryAt: at(30)))
            let later = try await tenant.send(at: at(40))
            let claimed = try await store.claimDueDeliveries(now: at(40), limit: 2, leaseUntil: at(90), excludingEndpoints: [])
            #expect(claimed.count == 5, "two claimed by the limit bring the other three members")
            #expect(Set(claimed.map(\.deliveryID)) == Set(members.map(\.deliveryID)))
            #expect(claimed.allSatisfy { $0.batchID == batchID && $0.attemptsMade == 1 })
            #expect(try await store.claimDueDeliveries(now: at(40), limit: 2, leaseUntil: at(90), excludingEndpoints: []).map(\.message.id) == [later.id])
        },
        check("a batch claimed through one member brings members that are not due yet") { makeStore in
            let tenant = try await Tenant.make(makeStore)
            let store = tenant.store
            let (batchID, members) = try await sendBatch(tenant, count: 3)
            // Outcomes with their own jitter: the members' next attempts differ slightly.
            var outcomes = batchFailed(members, batchID: batchID, at: at(4), retryAt: at(30))
            outcomes[2].nextAttemptAt = at(31)
            try await store.record(contentsOf: outcomes)
            let claimed = try await store.claimDueDeliveries(now: at(30), limit: 1, leaseUntil: at(90), excludingEndpoints: [])
            #expect(Set(claimed.map(\.deliveryID)) == Set(members.map(\.deliveryID)))
            #expect(try await store.nextDueTime() == nil, "nothing of the batch is left waiting")
        },
        check("claims of other endpoints' deliveries are not held up by a batch") { makeStore in
            let tenant = try await Tenant.make(makeStore)
            let other = try await tenant.addEndpoint(at: at(0))
            try await tenant.send(at: at(1))
            let claimed = try await tenant.store.claim(2, at: at(1))
            let ours = try #require(claimed.first { $0.endpoint.id == tenant.endpoint.id })
            try await tenant.store.assignBatch(newID(.batch, at: at(1)), deliveryIDs: [ours.deliveryID])
            try await tenant.store.releaseDeliveries(claimed.map(\.deliveryID), notBefore: at(2))
            let some = try await tenant.store.claimAll(at: at(2), excluding: [tenant.endpoint.id])
            #expect(some.map(\.endpoint.id) == [other.id])
            #expect(some.first?.batchID == nil)
        },
        check("expired leases and released or restarted claims keep their batch") { makeStore in
            let tenant = try await Tenant.make(makeStore)
            let store = tenant.store
            let (batchID, members) = try await sendBatch(tenant, count: 2)
            #expect(try await store.expireLeases(now: at(100)) == 2)
            let afterExpiry = try await store.claim(2, at: at(100))
            #expect(afterExpiry.allSatisfy { $0.batchID == batchID })
            try await store.releaseDeliveries(members.map(\.deliveryID), notBefore: at(101))
            let afterRelease = try await store.claim(2, at: at(101))
            #expect(afterRelease.allSatisfy { $0.batchID == batchID })
            #expect(try await store.releaseAllLeases(now: at(102)) == 2)
            let afterRestart = try await store.claim(2, at: at(102))
            #expect(afterRestart.allSatisfy { $0.batchID == batchID })
        },
        check("each member's attempt carries the batch and shows on its own message; unbatched attempts carry none") { makeStore in
            let tenant = try await Tenant.make(makeStore)
            let store = tenant.store
            let (batchID, members) = try await sendBatch(tenant, count: 3)
            let outcomes = members.map { member -> AttemptOutcome in
                var outcome = member.succeeded(at: at(4))
                outcome.attempt.id = newID(.attempt, at: at(4))
                outcome.attempt.batchID = batchID
                return outcome
            }
            #expect(try await store.record(contentsOf: outcomes).isEmpty)
            for member in members {
                let attempts = try await store.allAttempts(of: tenant.app.id, message: member.message.id)
                #expect(attempts.map(\.batchID) == [batchID])
                #expect(attempts.map(\.deliveryID) == [member.deliveryID])
                #expect(attempts.first == outcomes.first { $0.attempt.deliveryID == member.deliveryID }?.attempt, "read back exactly")
            }
            #expect(try await store.allAttempts(of: tenant.app.id, endpoint: tenant.endpoint.id).count == 3)
            #expect(try await store.claimAll(at: at(10_000)).isEmpty, "every member delivered")
            let single = try await tenant.send(at: at(5))
            let claimed = try await store.claim(1, at: at(5))
            try await store.record(claimed[0].succeeded(at: at(6)))
            #expect(try await store.allAttempts(of: tenant.app.id, message: single.id).map(\.batchID) == [nil])
        },
        check("a hundred members' outcomes record in one call, each delivery on its own") { makeStore in
            let tenant = try await Tenant.make(makeStore)
            let store = tenant.store
            for second in Int64(1)...100 { try await tenant.send(at: at(second)) }
            let members = try await store.claim(100, at: at(100))
            let batchID = newID(.batch, at: at(100))
            try await store.assignBatch(batchID, deliveryIDs: members.map(\.deliveryID))
            var outcomes = batchFailed(members, batchID: batchID, at: at(101), retryAt: at(200))
            // The last few are out of attempts: they end while the rest wait for their retry.
            for index in 95..<100 { outcomes[index] = AttemptOutcome(attempt: outcomes[index].attempt, status: .exhausted, nextAttemptAt: nil, disableEndpoint: false) }
            #expect(try await store.recordAttempts(outcomes, now: at(101), failingSinceLimit: 0).isEmpty)
            #expect(try await store.allAttempts(of: tenant.app.id, endpoint: tenant.endpoint.id).count == 100)
            #expect(try await store.nextDueTime() == at(200))
            let retried = try await store.claimAll(at: at(200))
            #expect(retried.count == 95)
            #expect(retried.allSatisfy { $0.batchID == batchID && $0.attemptsMade == 1 })
            let delivered = retried.map { member -> AttemptOutcome in
                var outcome = member.succeeded(at: at(201))
                outcome.attempt.id = newID(.attempt, at: at(201))
                outcome.attempt.batchID = batchID
                return outcome
            }
            #expect(try await store.recordAttempts(delivered, now: at(201), failingSinceLimit: 0).isEmpty)
            #expect(try await store.claimAll(at: at(100_000)).isEmpty)
        },
        check("a batch's failures past the failing-since limit disable the endpoint once and cancel what waits") { makeStore in
            let tenant = try await Tenant.make(makeStore)
            let store = tenant.store
            try await tenant.send(at: at(1))
            let first = try await store.claim(1, at: at(1))
            #expect(try await store.recordAttempts([first[0].failed(at: at(1), retryAt: at(1000))], now: at(1), failingSinceLimit: 0).isEmpty)
            let (batchID, members) = try await sendBatch(tenant, count: 3, from: 2)
            let disabled = try await store.recordAttempts(batchFailed(members, batchID: batchID, at: at(5), retryAt: at(30)), now: at(5),
                                                          failingSinceLimit: at(2))
            #expect(disabled == [tenant.endpoint.id], "named once")
            #expect(try await store.endpoint(appID: tenant.app.id, id: tenant.endpoint.id)?.disabled == true)
            try await tenant.setDisabled(false, tenant.endpoint, at: at(6))
            #expect(try await store.claimAll(at: at(10_000)).isEmpty, "the earlier failure's retry was cancelled")
            #expect(try await store.allAttempts(of: tenant.app.id, endpoint: tenant.endpoint.id).count == 4)
        },
        check("within one call, the endpoint's health follows its outcomes in order") { makeStore in
            let tenant = try await Tenant.make(makeStore)
            let store = tenant.store
            let (_, members) = try await sendBatch(tenant, count: 4)
            // A failure, then a success: healthy afterwards, so a failure at 10 s counts from 10 s.
            #expect(try await store.recordAttempts([members[0].failed(at: at(4), retryAt: at(600)), members[1].succeeded(at: at(5))],
                                                   now: at(5), failingSinceLimit: 0).isEmpty)
            #expect(try await store.recordAttempts([members[2].failed(at: at(10), retryAt: at(600))], now: at(10), failingSinceLimit: at(9)).isEmpty,
                    "failing since 10 s, not since 4 s")
            // The next failure finds it failing since 10 s.
            #expect(try await store.recordAttempts([members[3].failed(at: at(20), retryAt: at(600))], now: at(20), failingSinceLimit: at(10))
                    == [tenant.endpoint.id], "still failing since 10 s")
        },
        check("a success then failures in one call leave the endpoint failing since the first of them") { makeStore in
            let tenant = try await Tenant.make(makeStore)
            let store = tenant.store
            let (_, members) = try await sendBatch(tenant, count: 4)
            #expect(try await store.recordAttempts([members[0].failed(at: at(4), retryAt: at(600)), members[1].succeeded(at: at(5)),
                                                    members[2].failed(at: at(6), retryAt: at(600)), members[3].failed(at: at(7), retryAt: at(600))],
                                                   now: at(7), failingSinceLimit: 0).isEmpty)
            try await tenant.send(at: at(8))
            let next = try await store.claim(1, at: at(8))
            #expect(try await store.recordAttempts([next[0].failed(at: at(9), retryAt: at(600))], now: at(9), failingSinceLimit: at(5)).isEmpty,
                    "failing since 6 s, after the limit of 5 s")
            try await tenant.send(at: at(10))
            let last = try await store.claim(1, at: at(10))
            #expect(try await store.recordAttempts([last[0].failed(at: at(11), retryAt: at(600))], now: at(11), failingSinceLimit: at(6))
                    == [tenant.endpoint.id], "failing since 6 s, the limit")
        },
        check("a resend takes the delivery out of its batch; the others stay in it") { makeStore in
            let tenant = try await Tenant.make(makeStore)
            let store = tenant.store
            let (batchID, members) = try await sendBatch(tenant, count: 2)
            try await store.record(contentsOf: batchFailed(members, batchID: batchID, at: at(3), retryAt: at(60)))
            try await store.resendDelivery(messageID: members[0].message.id, endpointID: tenant.endpoint.id, now: at(10))
            let resent = try await store.claimAll(at: at(10))
            #expect(resent.map(\.deliveryID) == [members[0].deliveryID], "the other member is not due, and no longer tied to it")
            #expect(resent.first?.batchID == nil)
            #expect(resent.first?.manual == true)
            let rest = try await store.claimAll(at: at(60))
            #expect(rest.map(\.deliveryID) == [members[1].deliveryID])
            #expect(rest.first?.batchID == batchID)
        },
        check("a recovery takes the deliveries out of their batches") { makeStore in
            let tenant = try await Tenant.make(makeStore)
            let store = tenant.store
            let (batchID, members) = try await sendBatch(tenant, count: 3)
            var outcomes = batchFailed(members, batchID: batchID, at: at(4), retryAt: at(600))
            outcomes[0] = AttemptOutcome(attempt: outcomes[0].attempt, status: .exhausted, nextAttemptAt: nil, disableEndpoint: false)
            try await store.record(contentsOf: outcomes)
            #expect(try await store.recoverDeliveries(endpointID: tenant.endpoint.id, since: at(0), until: nil, now: at(10)) == 3)
            let recovered = try await store.claimAll(at: at(10))
            #expect(Set(recovered.map(\.deliveryID)) == Set(members.map(\.deliveryID)))
            #expect(recovered.allSatisfy { $0.batchID == nil && $0.manual })
        },
    ]
}
