@testable import HeraldDelivery
import HeraldStore
import Testing

/// An endpoint that changes (updated, disabled or deleted) while the dispatcher's claim is in
/// flight: the claim read it before the change, so what it brings for that endpoint goes back to
/// the store, to be claimed again as the endpoint is now (or not at all), instead of going out.
@Suite("Dispatch schedule: endpoints that change during a claim")
struct DispatchScheduleEndpointChangeTests {
    let now: Int64 = 1_800_000_000_000

    /// `count` deliveries with ids from `firstID`, spread over `endpoints` endpoints (`ep_0`, …) in turn.
    func deliveries(_ count: Int, from firstID: Int64 = 1, endpoints: Int = 1) -> [ClaimedDelivery] {
        (0..<count).map { index in
            let id = firstID + Int64(index)
            let endpoint = EndpointRecord(id: "ep_\(index % endpoints)", appID: "app_1", url: "http://127.0.0.1:9/hook", description: "", eventTypes: [],
                                          disabled: false, rateLimit: nil, headers: [:], createdAt: now, updatedAt: now)
            let message = MessageRecord(id: "msg_\(id)", appID: "app_1", eventType: "t.e", eventID: nil, version: nil, payload: Array("{}".utf8), createdAt: now)
            return ClaimedDelivery(deliveryID: id, attemptsMade: 0, manual: false, message: message, endpoint: endpoint)
        }
    }

    func answer(_ claimed: [ClaimedDelivery], limit: Int, at time: Int64) -> ClaimAnswer {
        ClaimAnswer(claimed: claimed, limit: limit, excluded: [], nextDue: nil, expired: 0, madeAt: time)
    }

    @Test("what a claim brings for an endpoint changed while it ran goes back, not out; the other endpoints' go out")
    func changedDuringClaim() throws {
        var schedule = DispatchSchedule(configuration: DeliveryConfiguration())
        let claimRequest = schedule.nextClaim(now: now)
        let claim = try #require(claimRequest)
        // The API deletes ep_0 while the claim runs; the claim had taken its deliveries first.
        schedule.dropLane("ep_0", now: now)
        schedule.claimed(answer(deliveries(4, endpoints: 2), limit: claim.limit, at: now), now: now)
        let started = schedule.startable(now: now)
        #expect(started.map(\.endpoint.id) == ["ep_1", "ep_1"])
        #expect(started.flatMap(\.members).map(\.deliveryID).sorted() == [2, 4])
        let released = schedule.takeReleases().releases.flatMap(\.deliveryIDs)
        #expect(released.sorted() == [1, 3], "ep_0's go back to the store")
        #expect(schedule.held.count == 2, "only what is on the wire is held")

        // A claim that starts after the change brings the endpoint as it is now, and goes out.
        schedule.storeHasWork()
        let later = now + 1000
        let nextRequest = schedule.nextClaim(now: later)
        let next = try #require(nextRequest)
        schedule.claimed(answer(deliveries(1, from: 5), limit: next.limit, at: later), now: later)
        let startedLater = schedule.startable(now: later)
        #expect(startedLater.flatMap(\.members).map(\.deliveryID) == [5])
    }

    @Test("a change with no claim in flight leaves the next claim's deliveries alone")
    func changedBetweenClaims() throws {
        var schedule = DispatchSchedule(configuration: DeliveryConfiguration())
        schedule.dropLane("ep_0", now: now)
        let claimRequest = schedule.nextClaim(now: now)
        let claim = try #require(claimRequest)
        schedule.claimed(answer(deliveries(2), limit: claim.limit, at: now), now: now)
        let started = schedule.startable(now: now)
        #expect(started.flatMap(\.members).map(\.deliveryID).sorted() == [1, 2])
        let released = schedule.takeReleases().releases
        #expect(released.isEmpty)
    }
}
