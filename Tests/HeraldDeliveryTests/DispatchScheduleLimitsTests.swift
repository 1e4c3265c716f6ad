@testable import HeraldDelivery
import HeraldStore
import Testing

/// The dispatcher's memory and connection bounds, on its scheduling state alone: what it holds
/// is capped by count and by payload bytes, and what it puts on the wire by a separate cap.
@Suite("Dispatch schedule limits")
struct DispatchScheduleLimitsTests {
    let now: Int64 = 1_800_000_000_000

    func endpoint(_ number: Int) -> EndpointRecord {
        EndpointRecord(id: "ep_\(number)", appID: "app_1", url: "http://127.0.0.1:9/hook", description: "", eventTypes: [], disabled: false,
                       rateLimit: nil, headers: [:], createdAt: now, updatedAt: now)
    }

    func deliveries(_ count: Int, from firstID: Int64 = 1, payloadBytes: Int, endpoints: Int = 1) -> [ClaimedDelivery] {
        (0..<count).map { index in
            let message = MessageRecord(id: "msg_\(firstID + Int64(index))", appID: "app_1", eventType: "t.e", eventID: nil, version: nil,
                                        payload: [UInt8](repeating: 0x20, count: payloadBytes), createdAt: now)
            return ClaimedDelivery(deliveryID: firstID + Int64(index), attemptsMade: 0, manual: false, message: message, endpoint: endpoint(index % endpoints))
        }
    }

    func answer(_ claimed: [ClaimedDelivery], limit: Int) -> ClaimAnswer {
        ClaimAnswer(claimed: claimed, limit: limit, excluded: [], nextDue: nil, expired: 0, madeAt: now)
    }

    @Test("claims stop once the held payloads reach the byte budget, and ask for no more than fit")
    func payloadBudget() throws {
        var configuration = DeliveryConfiguration()
        configuration.maximumHeldPayloadBytes = 1_000_000
        var schedule = DispatchSchedule(configuration: configuration)
        let firstClaim = schedule.nextClaim(now: now)
        let first = try #require(firstClaim)
        #expect(first.limit == DispatchSchedule.claimLimit)
        // 100 payloads of 9 KB: 900 KB held, 100 KB left, room for 11 more of that size.
        schedule.claimed(answer(deliveries(100, payloadBytes: 9_000), limit: first.limit), now: now)
        schedule.storeHasWork()
        // (The lane holds a full prefetch, so each ring is taken a few milliseconds after the last claim.)
        let later = now + DispatchSchedule.ringCoalesceMilliseconds
        let secondClaim = schedule.nextClaim(now: later)
        let second = try #require(secondClaim)
        #expect(second.limit == 11)
        schedule.claimed(answer(deliveries(11, from: 101, payloadBytes: 9_000), limit: second.limit), now: later)
        #expect(schedule.held.payloadBytes == 999_000)
        schedule.storeHasWork()
        #expect(schedule.nextClaim(now: later + DispatchSchedule.ringCoalesceMilliseconds)?.limit == 1, "1,000 bytes left still admit one delivery")
        schedule.claimed(answer(deliveries(1, from: 112, payloadBytes: 9_000), limit: 1), now: later)
        schedule.storeHasWork()
        #expect(schedule.nextClaim(now: now + 1000) == nil, "over the budget: no claim however much is due")
    }

    @Test("claims stop at the held count, and a whole held set is given back on stop")
    func countBudget() throws {
        var configuration = DeliveryConfiguration()
        configuration.maximumHeldDeliveries = 300
        var schedule = DispatchSchedule(configuration: configuration)
        let firstClaim = schedule.nextClaim(now: now)
        let first = try #require(firstClaim)
        schedule.claimed(answer(deliveries(first.limit, payloadBytes: 10), limit: first.limit), now: now)
        let secondClaim = schedule.nextClaim(now: now)
        let second = try #require(secondClaim)
        #expect(second.limit == 300 - DispatchSchedule.claimLimit)
        schedule.claimed(answer(deliveries(second.limit, from: 1000, payloadBytes: 10), limit: second.limit), now: now)
        #expect(schedule.nextClaim(now: now) == nil)
        schedule.stop(now: now)
        #expect(schedule.held.count == 0 && schedule.held.payloadBytes == 0)
        #expect(schedule.takeReleases().releases.flatMap(\.deliveryIDs).count == 300)
    }

    @Test("requests on the wire never exceed their cap, over all endpoints; a finished one frees its place")
    func requestsOnTheWire() {
        var configuration = DeliveryConfiguration()
        configuration.maximumRequestsInFlight = 25
        var schedule = DispatchSchedule(configuration: configuration)
        #expect(schedule.nextClaim(now: now) != nil)
        // 5 endpoints × 10 slots would put 50 on the wire.
        schedule.claimed(answer(deliveries(200, payloadBytes: 10, endpoints: 5), limit: DispatchSchedule.claimLimit), now: now)
        let started = schedule.startable(now: now)
        #expect(started.count == 25)
        #expect(schedule.startable(now: now).isEmpty)
        let done = started[0]
        let result = AttemptResult(status: 200, startedAt: now, durationMilliseconds: 1)
        _ = schedule.finished(FinishedRequest(request: done, result: result,
                                              decision: .init(status: .succeeded, nextAttemptAt: nil, disableEndpoint: false, slowDown: false),
                                              outcomes: []), now: now)
        #expect(schedule.startable(now: now).count == 1)
    }
}

/// When the store's ring leads to a claim.
@Suite("Dispatch schedule claims on a ring")
struct DispatchScheduleRingTests {
    let limits = DispatchScheduleLimitsTests()

    @Test("a ring claims at once while some lane runs low, and waits a few milliseconds while every lane is stocked")
    func ringCoalescing() throws {
        let now = limits.now
        var schedule = DispatchSchedule(configuration: DeliveryConfiguration())
        #expect(schedule.nextClaim(now: now) != nil, "the first ring claims")
        // Fewer than asked came back: caught up. 100 queued for one endpoint is a full prefetch (40).
        schedule.claimed(limits.answer(limits.deliveries(100, payloadBytes: 10), limit: DispatchSchedule.claimLimit), now: now)
        schedule.storeHasWork()
        #expect(schedule.nextClaim(now: now + 1) == nil, "stocked: the ring waits")
        #expect(schedule.nextClaim(now: now + DispatchSchedule.ringCoalesceMilliseconds) != nil, "then claims")
        schedule.claimed(limits.answer([], limit: DispatchSchedule.claimLimit), now: now + DispatchSchedule.ringCoalesceMilliseconds)

        // The lane runs low: a ring claims at once.
        let started = schedule.startable(now: now + 20)
        #expect(started.count == 10)
        var low = DispatchSchedule(configuration: DeliveryConfiguration())
        #expect(low.nextClaim(now: now) != nil)
        low.claimed(limits.answer(limits.deliveries(5, payloadBytes: 10), limit: DispatchSchedule.claimLimit), now: now)
        low.storeHasWork()
        #expect(low.nextClaim(now: now + 1) != nil, "5 queued is below the prefetch: no waiting")
    }
}
