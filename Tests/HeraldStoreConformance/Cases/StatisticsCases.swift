import Herald
import HeraldStore
import Testing

private func check(_ name: String, _ body: @escaping @Sendable (StoreFactory) async throws -> Void) -> StoreConformanceCase {
    StoreConformanceCase(area: "statistics", name, body: body)
}

/// An attempt of `claimed` at `time` that took `milliseconds` and got `status` or failed with `errorKind`.
private func outcome(_ claimed: ClaimedDelivery, at time: Int64, milliseconds: Int64, status: Int?, errorKind: String? = nil) -> AttemptOutcome {
    var attempt = claimed.attempt(at: time, succeeded: status.map { (200...299).contains($0) } ?? false)
    attempt.durationMilliseconds = milliseconds
    attempt.responseStatus = status
    attempt.errorKind = errorKind
    attempt.errorMessage = attempt.succeeded ? nil : "failed with \(status.map(String.init) ?? errorKind ?? "?")"
    return AttemptOutcome(attempt: attempt, status: attempt.succeeded ? .succeeded : .failed, nextAttemptAt: attempt.succeeded ? nil : time + 600_000,
                          disableEndpoint: false)
}

/// The count of `outcomeClass` in `bucket`.
private func count(_ outcomeClass: AttemptOutcomeClass, _ bucket: StatisticsBucket) -> Int { bucket.outcomes[outcomeClass.index] }

/// Three messages to the tenant's endpoint: one delivered at 10 s (42 ms), one answered 500 at
/// 20 s (800 ms), one timed out at 70 s (15 s), so the first minute holds two attempts and the
/// second one.
private func threeAttempts(_ tenant: Tenant) async throws {
    for second in [1, 2, 3] as [Int64] { try await tenant.send(at: at(second)) }
    let claimed = try await tenant.store.claim(3, at: at(5))
    try await tenant.store.record(outcome(claimed[0], at: at(10), milliseconds: 42, status: 200))
    try await tenant.store.record(outcome(claimed[1], at: at(20), milliseconds: 800, status: 500))
    try await tenant.store.record(outcome(claimed[2], at: at(70), milliseconds: 15_000, status: nil, errorKind: "timeout"))
}

extension StoreConformance {
    /// The statistics rolled up as attempts are recorded and messages accepted, and the queue's
    /// and endpoints' figures.
    static let statisticsCases: [StoreConformanceCase] = [
        check("attempts count by outcome class and latency bin, in minute and hour buckets") { makeStore in
            let tenant = try await Tenant.make(makeStore)
            try await threeAttempts(tenant)
            let minutes = try await tenant.store.statistics(.endpoint(tenant.endpoint.id), granularity: .minute, from: at(0), until: at(3600))
            #expect(minutes.map(\.start) == [at(0), at(60)])
            #expect(minutes.map(\.attempts) == [2, 1])
            #expect(count(.success, minutes[0]) == 1 && count(.serverError, minutes[0]) == 1 && count(.timeout, minutes[1]) == 1)
            #expect(minutes[0].latencyBins[LatencyHistogram.bin(milliseconds: 42)] == 1)
            #expect(minutes[0].latencyBins[LatencyHistogram.bin(milliseconds: 800)] == 1)
            #expect(minutes[0].durationTotalMilliseconds == 842)
            #expect(minutes.allSatisfy { $0.messages == 0 }, "an endpoint's buckets count no messages")
            let hours = try await tenant.store.statistics(.endpoint(tenant.endpoint.id), granularity: .hour, from: at(0), until: at(3600))
            #expect(hours.count == 1)
            #expect(hours.first?.attempts == 3 && hours.first?.succeeded == 1)
            #expect(hours.first?.durationTotalMilliseconds == 15_842)
            let later = try await tenant.store.statistics(.endpoint(tenant.endpoint.id), granularity: .minute, from: at(61), until: at(3600))
            #expect(later.isEmpty, "a bucket is read by its start")
        },
        check("an application's and the server's buckets add up their endpoints' attempts and count accepted messages") { makeStore in
            let tenant = try await Tenant.make(makeStore)
            try await threeAttempts(tenant)
            let other = try await tenant.store.addApplication(at: at(0), uid: "other")
            _ = try await tenant.store.addEndpoint(to: other.id, at: at(0))
            try await tenant.store.send(to: other.id, at: at(4))
            let forOther = try await tenant.store.claimAll(at: at(5)).filter { $0.endpoint.appID == other.id }
            try await tenant.store.record(contentsOf: forOther.map { outcome($0, at: at(30), milliseconds: 5, status: 204) })
            let app = try await tenant.store.statistics(.application(tenant.app.id), granularity: .minute, from: at(0), until: at(3600))
            #expect(app.map(\.attempts) == [2, 1])
            #expect(app.first?.messages == 3, "three messages accepted in the first minute")
            let server = try await tenant.store.statistics(.server, granularity: .hour, from: at(0), until: at(0))
            #expect(server.first?.attempts == 4 && server.first?.succeeded == 2 && server.first?.messages == 4)
            #expect(try await tenant.store.applicationMessageTotals(from: at(0), until: at(0)) == [tenant.app.id: 3, other.id: 1])
            let totals = try await tenant.store.endpointAttemptTotals(from: at(0), until: at(60))
            #expect(Set(totals.map(\.endpointID)) == [tenant.endpoint.id, forOther[0].endpoint.id])
            let mine = totals.first { $0.endpointID == tenant.endpoint.id }
            #expect(mine?.attempts == 3 && mine?.succeeded == 1 && mine?.appID == tenant.app.id)
            #expect(try await tenant.store.deleteApplication(id: other.id))
            let afterDelete = try await tenant.store.statistics(.server, granularity: .hour, from: at(0), until: at(0))
            #expect(afterDelete.first?.attempts == 3 && afterDelete.first?.messages == 3, "a deleted application's statistics go with it")
        },
        check("an endpoint's last success, last failure with its reason, and since when it fails") { makeStore in
            let tenant = try await Tenant.make(makeStore)
            #expect(try await tenant.store.endpointActivity(endpointID: tenant.endpoint.id) == EndpointActivity(lastSuccessAt: nil, lastFailure: nil, failingSince: nil))
            try await threeAttempts(tenant)
            let activity = try await tenant.store.endpointActivity(endpointID: tenant.endpoint.id)
            #expect(activity.lastSuccessAt == at(10))
            #expect(activity.failingSince == at(20))
            #expect(activity.lastFailure?.at == at(70))
            #expect(activity.lastFailure?.errorKind == "timeout" && activity.lastFailure?.status == nil)
            #expect(activity.lastFailure?.message == "failed with timeout")
            #expect(activity.lastFailure?.attemptID.hasPrefix("atm_") == true)
        },
        check("expired buckets are deleted, minutes and hours each by their own limit") { makeStore in
            let tenant = try await Tenant.make(makeStore)
            try await threeAttempts(tenant)
            #expect(try await tenant.store.deleteExpiredStatistics(minutesBefore: at(60), hoursBefore: at(0)) > 0)
            let minutes = try await tenant.store.statistics(.server, granularity: .minute, from: at(0), until: at(3600))
            #expect(minutes.map(\.start) == [at(60)])
            #expect(try await tenant.store.statistics(.server, granularity: .hour, from: at(0), until: at(3600)).first?.attempts == 3)
            _ = try await tenant.store.deleteExpiredStatistics(minutesBefore: at(3600), hoursBefore: at(3600))
            #expect(try await tenant.store.statistics(.server, granularity: .hour, from: at(0), until: at(3600)).isEmpty)
        },
        check("the queue's depth: due now, scheduled later, in flight, and when the oldest due became due") { makeStore in
            let tenant = try await Tenant.make(makeStore)
            #expect(try await tenant.store.queueDepth(now: at(0)) == QueueDepth(dueNow: 0, scheduledLater: 0, inFlight: 0, oldestDueAt: nil))
            for second in [1, 2, 3, 4] as [Int64] { try await tenant.send(at: at(second)) }
            let claimed = try await tenant.store.claimDueDeliveries(now: at(5), limit: 2, leaseUntil: at(65), excludingEndpoints: [])
            try await tenant.store.record(claimed[0].failed(at: at(6), retryAt: at(600)))
            let depth = try await tenant.store.queueDepth(now: at(10))
            #expect(depth == QueueDepth(dueNow: 2, scheduledLater: 1, inFlight: 1, oldestDueAt: at(3)))
        },
        check("endpoints are counted as they are: disabled, failing, all") { makeStore in
            let tenant = try await Tenant.make(makeStore)
            _ = try await tenant.addEndpoint(at: at(0), disabled: true)
            _ = try await tenant.addEndpoint(at: at(0))
            try await tenant.send(at: at(1))
            let claimed = try await tenant.store.claimAll(at: at(2))
            let first = try #require(claimed.first { $0.endpoint.id == tenant.endpoint.id })
            try await tenant.store.record(first.failed(at: at(3), retryAt: at(600)))
            #expect(try await tenant.store.endpointStateCounts(appID: nil) == EndpointStateCounts(total: 3, disabled: 1, failing: 1))
            let unhealthy = try await tenant.store.unhealthyEndpoints(appID: tenant.app.id, limit: 10)
            #expect(unhealthy.count == 2)
            #expect(unhealthy.first?.endpoint.id == tenant.endpoint.id && unhealthy.first?.failingSince == at(3), "failing first, then disabled")
            #expect(unhealthy.last?.endpoint.disabled == true && unhealthy.last?.failingSince == nil)
            #expect(try await tenant.store.unhealthyEndpoints(appID: nil, limit: 1).count == 1)
            #expect(try await tenant.store.endpointStateCounts(appID: tenant.app.id) == EndpointStateCounts(total: 3, disabled: 1, failing: 1))
            let other = try await tenant.store.addApplication(at: at(0), uid: "other")
            _ = try await tenant.store.addEndpoint(to: other.id, at: at(0))
            #expect(try await tenant.store.endpointStateCounts(appID: other.id) == EndpointStateCounts(total: 1, disabled: 0, failing: 0))
            #expect(try await tenant.store.endpointStateCounts(appID: nil).total == 4)
        },
    ]
}
