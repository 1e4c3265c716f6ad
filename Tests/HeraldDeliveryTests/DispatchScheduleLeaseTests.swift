@testable import HeraldDelivery
import HeraldStore
import Testing

/// A claimed delivery is started only while its claim's lease outlasts the request: once the
/// lease ends the store may give it to another claimer (another process, or this one's next
/// claim), and starting it then could send it twice.
@Suite("Dispatch schedule and claim leases")
struct DispatchScheduleLeaseTests {
    let limits = DispatchScheduleLimitsTests()
    var now: Int64 { limits.now }

    /// A schedule with a 60 s lease and 10 s requests, holding `count` deliveries to one
    /// endpoint (rate limit `rateLimit`) from one claim made at ``now``.
    func schedule(holding count: Int, rateLimit: Int? = nil) -> DispatchSchedule {
        var configuration = DeliveryConfiguration()
        configuration.leaseDuration = .seconds(60)
        configuration.requestTimeout = .seconds(10)
        var schedule = DispatchSchedule(configuration: configuration)
        _ = schedule.nextClaim(now: now)
        let endpoint = EndpointRecord(id: "ep_0", appID: "app_1", url: "http://127.0.0.1:9/hook", description: "", eventTypes: [], disabled: false,
                                      rateLimit: rateLimit, headers: [:], createdAt: now, updatedAt: now)
        let claimed = limits.deliveries(count, payloadBytes: 10).map {
            ClaimedDelivery(deliveryID: $0.deliveryID, attemptsMade: 0, manual: false, message: $0.message, endpoint: endpoint)
        }
        schedule.claimed(limits.answer(claimed, limit: DispatchSchedule.claimLimit), now: now)
        return schedule
    }

    @Test("queued deliveries whose lease would end before a request started now had ended go back, the rest start")
    func endingLeasesGoBack() {
        var schedule = schedule(holding: 30)
        #expect(schedule.startable(now: now).count == 10, "the endpoint's 10 slots")
        // Lease ends at +60 s; a request started at +44 s ends by +54 s, recorded by +59 s.
        #expect(schedule.startable(now: now + 44_000).isEmpty, "the slots are still taken")
        #expect(schedule.takeReleases().releases.isEmpty, "the leases still cover a request started now")
        #expect(schedule.held.count == 30)
        // At +46 s a request could end at +56 s and its record come after the lease.
        #expect(schedule.startable(now: now + 46_000).isEmpty)
        let released = schedule.takeReleases().releases.flatMap(\.deliveryIDs)
        #expect(released.sorted() == Array(11...30), "the 20 still queued go back")
        #expect(schedule.held.count == 10, "the 10 on the wire stay held until recorded")
        #expect(schedule.lanes["ep_0"]?.queue.isEmpty == true)
        #expect(schedule.nextClaim(now: now + 46_000) != nil, "the lane asks for them again, under a new lease")
    }

    @Test("a rate-limited endpoint queues at most 20 s of its rate and gives the rest of a claim back")
    func rateLimitedQueueIsBounded() throws {
        var schedule = schedule(holding: 200, rateLimit: 2)
        let lane = try #require(schedule.lanes["ep_0"])
        #expect(lane.queue.count == 40, "20 s at 2 requests/s")
        #expect(lane.isSaturated(now: now), "a full queue leaves the endpoint out of claims")
        let released = schedule.takeReleases().releases.flatMap(\.deliveryIDs)
        #expect(released.sorted() == Array(41...200), "the newest go back, the oldest stay in order")
        #expect(schedule.held.count == 40)
    }

    @Test("an endpoint's timeout longer than half the lease is cut to half the lease, so its deliveries still start")
    func endpointTimeoutWithinLease() throws {
        var configuration = DeliveryConfiguration()
        configuration.leaseDuration = .seconds(20)
        configuration.requestTimeout = .seconds(5)
        let endpoint = EndpointRecord(id: "ep_slow", appID: "app_1", url: "http://127.0.0.1:9/hook", description: "", eventTypes: [], disabled: false,
                                      rateLimit: nil, headers: [:], timeoutMilliseconds: 60_000, createdAt: now, updatedAt: now)
        #expect(configuration.attemptTimeout(for: endpoint) == .seconds(10))
        #expect(configuration.leaseMargin == .seconds(2))
        var schedule = DispatchSchedule(configuration: configuration)
        _ = schedule.nextClaim(now: now)
        let claimed = limits.deliveries(3, payloadBytes: 10).map {
            ClaimedDelivery(deliveryID: $0.deliveryID, attemptsMade: 0, manual: false, message: $0.message, endpoint: endpoint)
        }
        schedule.claimed(limits.answer(claimed, limit: DispatchSchedule.claimLimit), now: now)
        #expect(schedule.startable(now: now + 8_000).count == 3, "10 s + 2 s from +8 s ends with the lease, at +20 s")
        #expect(schedule.takeReleases().releases.isEmpty)
    }
}
