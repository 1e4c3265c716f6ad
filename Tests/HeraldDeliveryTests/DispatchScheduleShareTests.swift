@testable import HeraldDelivery
import HeraldStore
import Testing

/// With a store shared by several processes, lanes send within this process's share of their
/// endpoints' limits: on the scheduling state alone, with the store's answers written by hand.
@Suite("Dispatch schedule shares")
struct DispatchScheduleShareTests {
    let now: Int64 = 1_800_000_000_000

    func endpoint(rateLimit: Int? = nil) -> EndpointRecord {
        EndpointRecord(id: "ep_1", appID: "app_1", url: "http://127.0.0.1:9/hook", description: "", eventTypes: [], disabled: false,
                       rateLimit: rateLimit, headers: [:], createdAt: now, updatedAt: now)
    }

    func deliveries(_ count: Int, rateLimit: Int? = nil) -> [ClaimedDelivery] {
        (0..<count).map { index in
            let message = MessageRecord(id: "msg_\(index)", appID: "app_1", eventType: "t.e", eventID: nil, version: nil, payload: Array("{}".utf8), createdAt: now)
            return ClaimedDelivery(deliveryID: Int64(index + 1), attemptsMade: 0, manual: false, message: message, endpoint: endpoint(rateLimit: rateLimit))
        }
    }

    /// A shared schedule holding `count` claimed deliveries of one endpoint.
    func scheduleHolding(_ count: Int, rateLimit: Int? = nil) throws -> DispatchSchedule {
        var configuration = DeliveryConfiguration()
        configuration.endpointConcurrency = 4
        configuration.requestTimeout = .seconds(2)
        var schedule = DispatchSchedule(configuration: configuration, sharing: true)
        let claimMade = schedule.nextClaim(now: now)
        let claim = try #require(claimMade)
        schedule.claimed(ClaimAnswer(claimed: deliveries(count, rateLimit: rateLimit), limit: claim.limit, excluded: [], nextDue: nil, expired: 0, madeAt: now), now: now)
        return schedule
    }

    /// Asks `schedule` for its share renewal at `time` and answers it with `shares`.
    func renew(_ schedule: inout DispatchSchedule, granting shares: [EndpointShare], at time: Int64) throws {
        let asked = schedule.nextShareRenewal(now: time)
        schedule.sharesRenewed(try #require(asked), shares, now: time)
    }

    func grant(_ slots: Int, rate: Double? = nil, circuitOpenUntil: Int64? = nil) -> [EndpointShare] {
        [EndpointShare(endpointID: "ep_1", slots: slots, ratePerSecond: rate, circuitOpenUntil: circuitOpenUntil)]
    }

    @Test("nothing starts before the first share; a renewal is asked for at once; then no more than the slots granted")
    func slotsGranted() throws {
        var schedule = try scheduleHolding(20)
        #expect(schedule.startable(now: now).isEmpty, "no share yet")
        let requestsMade = schedule.nextShareRenewal(now: now)
        let requests = try #require(requestsMade)
        #expect(requests.map(\.endpointID) == ["ep_1"])
        #expect(requests[0].wanted && requests[0].concurrency == 4 && requests[0].inFlight == 0)
        #expect(requests[0].leaseUntil == now + 2000 + DispatchSchedule.shareLeaseMarginMilliseconds)
        #expect(schedule.nextShareRenewal(now: now) == nil, "one renewal at a time")
        schedule.sharesRenewed(requests, grant(2), now: now + 1)
        #expect(schedule.startable(now: now + 1).count == 2, "two slots granted of four")
        #expect(schedule.startable(now: now + 2).isEmpty)
    }

    @Test("a renewal counts the whole grant as this process's until its answer arrives; giving a share back starts nothing more")
    func renewalCountsWhatMayStillStart() throws {
        var schedule = try scheduleHolding(20)
        try renew(&schedule, granting: grant(4), at: now)
        let started = schedule.startable(now: now + 1)
        #expect(started.count == 4)
        for request in started.prefix(3) {
            _ = schedule.finished(FinishedRequest(request: request, result: AttemptResult(status: 200, startedAt: now + 1, durationMilliseconds: 1),
                                                  decision: .init(status: .succeeded, nextAttemptAt: nil, disableEndpoint: false, slowDown: false),
                                                  outcomes: []), now: now + 2)
        }
        // One on the wire, four granted: until the answer comes this process may start three
        // more, so the others must not be given them.
        let renewal = schedule.nextShareRenewal(now: now + 2000)
        let asked = try #require(renewal)
        #expect(asked.first?.inFlight == 4, "reports its grant, not the one on the wire")
        schedule.sharesRenewed(asked, grant(4), now: now + 2001)
    }

    @Test("requests stop starting when the share's lease would end before their deadline")
    func leaseCoversTheDeadline() throws {
        var schedule = try scheduleHolding(20)
        try renew(&schedule, granting: grant(4), at: now)
        // The lease ends at now + 2 s + margin; a 2 s request may start until now + margin.
        let lastStart = now + DispatchSchedule.shareLeaseMarginMilliseconds
        #expect(schedule.startable(now: lastStart + 1).isEmpty, "a renewal failed to come: nothing starts that could outlive the grant")
        #expect(schedule.startable(now: lastStart).count == 4)
    }

    @Test("no slots while other processes hold them all: the queue goes back and the endpoint is left out of claims")
    func othersHoldEverySlot() throws {
        var schedule = try scheduleHolding(20)
        try renew(&schedule, granting: grant(0), at: now)
        #expect(schedule.lanes["ep_1"]?.queue.isEmpty == true)
        #expect(schedule.takeReleases().releases.flatMap(\.deliveryIDs).count == 20)
        schedule.storeHasWork()
        #expect(schedule.nextClaim(now: now + 100)?.excluded == ["ep_1"])
    }

    @Test("the rate granted is this process's bucket: a third of 30 per second lets 10 through at once")
    func rateShare() throws {
        var schedule = try scheduleHolding(40, rateLimit: 30)
        let requestsMade = schedule.nextShareRenewal(now: now)
        let requests = try #require(requestsMade)
        #expect(requests[0].rateLimit == 30)
        schedule.sharesRenewed(requests, grant(4, rate: 0), now: now)
        #expect(schedule.startable(now: now).isEmpty, "no rate granted: nothing")
        schedule.nextShareRenewalAtForTest(now)
        try renew(&schedule, granting: grant(40, rate: 10), at: now)
        var started = 0
        for step in 0..<10 { started += finishAll(&schedule, schedule.startable(now: now + Int64(step))) }
        #expect(started == 10, "a bucket of one second at 10 per second")
    }

    @Test("a circuit another process opened stops this one too; its news and this one's opening are published")
    func sharedCircuit() throws {
        var schedule = try scheduleHolding(20)
        try renew(&schedule, granting: grant(4, circuitOpenUntil: now + 30_000), at: now)
        #expect(schedule.lanes["ep_1"]?.breaker.openUntil == now + 30_000)
        #expect(schedule.startable(now: now + 10).isEmpty)
        #expect(schedule.takeReleases().releases.first?.notBefore == now + 30_000, "queued deliveries wait for the cool-down")
    }

    /// Ends the started requests as successes without recording them; returns how many there were.
    func finishAll(_ schedule: inout DispatchSchedule, _ started: [PlannedRequest]) -> Int {
        for request in started {
            let result = AttemptResult(status: 200, startedAt: now, durationMilliseconds: 1)
            var random = SystemRandomNumberGenerator()
            let decision = DeliveryPolicy(schedule: RetrySchedule.standard).decide(result, attemptNumber: 1, endpoint: request.endpoint, now: now, random: &random)
            _ = schedule.finished(FinishedRequest(request: request, result: result, decision: decision, outcomes: []), now: now)
        }
        return started.count
    }
}

extension DispatchSchedule {
    /// Makes the periodic renewal due at `time`.
    mutating func nextShareRenewalAtForTest(_ time: Int64) {
        nextShareRenewalAt = time
    }
}

/// How quickly the division of an endpoint between processes settles.
@Suite("Dispatch schedule shares settling")
struct DispatchScheduleShareSettlingTests {
    let shares = DispatchScheduleShareTests()
    var now: Int64 { shares.now }

    @Test("a lane with work and no slot, or more on the wire than its grant, renews after 200 ms rather than a second")
    func convergingLanesRenewSoon() throws {
        var waiting = try shares.scheduleHolding(20)
        try shares.renew(&waiting, granting: shares.grant(0), at: now)
        #expect(waiting.nextShareRenewal(now: now + DispatchSchedule.shareConvergenceMilliseconds - 1) == nil)
        #expect(waiting.nextShareRenewal(now: now + DispatchSchedule.shareConvergenceMilliseconds) != nil, "no slot while work waits")

        var over = try shares.scheduleHolding(20)
        try shares.renew(&over, granting: shares.grant(4), at: now)
        #expect(over.startable(now: now).count == 4)
        // Another process joined: this one's part is now 2, with 4 still on the wire.
        try shares.renew(&over, granting: shares.grant(2), at: now + 1000)
        #expect(over.nextShareRenewal(now: now + 1000 + DispatchSchedule.shareConvergenceMilliseconds) != nil, "4 on the wire, 2 granted")

        var settled = try shares.scheduleHolding(20)
        try shares.renew(&settled, granting: shares.grant(2), at: now)
        #expect(settled.startable(now: now).count == 2)
        #expect(settled.nextShareRenewal(now: now + 500) == nil, "at its part: the usual second")
        #expect(settled.nextShareRenewal(now: now + 1000) != nil)
    }
}
