import Herald
import HeraldStore

/// The dispatcher's scheduling state, in one place, owned by its loop alone: no other task
/// reads or writes it, so it needs no lock and no actor. The loop feeds it what arrived
/// (``DispatcherInbox/Arrivals``) and asks it what to do next: whether to claim, what to
/// record, what to give back, which requests to start.
///
/// The pipeline it keeps full: one claim at a time runs ahead of the slots (each lane's queue
/// is a prefetch, see ``EndpointLane``), requests (one delivery, or a batch) run in their
/// slots, and one record write at a time takes every attempt finished since the previous
/// write. A slot is freed the moment its request ends, before its attempts are written; the
/// deliveries stay counted in ``held`` until the write that ends their claims.
struct DispatchSchedule {
    let configuration: DeliveryConfiguration
    /// Per endpoint: queued deliveries, slots in use, concurrency, circuit breaker, rate limit.
    private(set) var lanes: [String: EndpointLane] = [:]
    /// Deliveries claimed and not yet recorded or given back: queued, on the wire, or waiting
    /// for their record. Claims stop at `configuration.maximumHeldDeliveries` or
    /// `configuration.maximumHeldPayloadBytes`, whichever comes first.
    private(set) var held = HeldDeliveries()
    /// Requests on the wire, over every lane. Never more than `configuration.maximumRequestsInFlight`.
    private(set) var onTheWire = 0
    /// A claim is in flight (claims are write transactions: one at a time).
    private(set) var claiming = false
    /// Endpoints that changed while the claim in flight ran: it may have read them before the
    /// change, so what it brings for them goes back instead of out.
    private(set) var changedDuringClaim: Set<String> = []
    /// When to claim without being asked: now while a backlog is known, the earliest
    /// scheduled retry otherwise.
    private(set) var nextClaimAt: Int64 = 0
    /// The store rang since the last claim started.
    private(set) var storeRang = true
    /// When the latest claim was made (0 before the first).
    private(set) var lastClaimAt: Int64 = 0
    /// Some lane's queue ran low while the store may hold more of its deliveries.
    private(set) var laneWantsMore = false
    /// When the next claim also looks for leases that dead dispatchers left behind.
    private(set) var nextLeaseCheck: Int64 = 0
    /// Finished requests waiting for the next record write.
    private(set) var unrecorded: [FinishedRequest] = []
    /// A record write is in flight.
    private(set) var recording = false
    /// Claimed deliveries to give back without an attempt, and when they become due again.
    private(set) var toRelease: [(deliveryIDs: [Int64], notBefore: Int64)] = []
    /// Endpoints whose circuit opened: their waiting deliveries move to the end of the cool-down.
    private(set) var toDefer: [(endpointID: String, until: Int64)] = []
    /// No more claims or starts; what is on the wire finishes and is recorded.
    private(set) var stopping = false
    /// The store is shared by several processes: each lane sends within this process's share
    /// of its endpoint's limits (see `DispatchSchedule+Shares.swift`).
    let sharing: Bool
    /// A renewal of the shares is in flight.
    var renewingShares = false
    /// When the shares are renewed without being asked.
    var nextShareRenewalAt: Int64 = 0
    /// When the latest renewal was asked for.
    var lastShareRenewalAt: Int64 = 0
    /// Endpoints whose lanes went while this process may still hold a share of them: the next
    /// renewal gives those back.
    var sharesToGiveBack: Set<String> = []

    /// Most deliveries one claim asks for.
    static let claimLimit = 256
    /// How long the loop waits before claiming again when the store had nothing more due than
    /// what lanes left out of the claim already hold, in milliseconds.
    static let recheckMilliseconds: Int64 = 50
    /// While every lane holds a full prefetch, a ring of the store waits this long after the
    /// previous claim, in milliseconds: under a stream of accepts, claims then come as fewer,
    /// larger transactions (each rewrites the index pages it touches) instead of one per
    /// commit. A lane running low, or none at all, claims at once.
    static let ringCoalesceMilliseconds: Int64 = 10
    /// How often a claim also expires dead dispatchers' leases, in milliseconds.
    static let leaseCheckMilliseconds: Int64 = 5000

    init(configuration: DeliveryConfiguration, sharing: Bool = false) {
        self.configuration = configuration
        self.sharing = sharing
    }

    /// True when the loop has nothing left to wait for after a stop.
    var isDrained: Bool { held.count == 0 && !recording && !claiming && !renewingShares }

    /// What a stop still waits for, for the log.
    var drainState: String {
        let queued = lanes.values.reduce(0) { $0 + $1.queue.count }
        return "held \(held.count), on the wire \(onTheWire), queued \(queued), unrecorded \(unrecorded.count), recording \(recording), "
            + "claiming \(claiming), renewing shares \(renewingShares), lanes \(lanes.count)"
    }

    // MARK: Arrivals

    /// The store has new deliveries.
    mutating func storeHasWork() {
        storeRang = true
    }

    /// Stop: no more claims or starts; the queued deliveries go back.
    mutating func stop(now: Int64) {
        guard !stopping else { return }
        stopping = true
        let queued = lanes.values.flatMap { $0.emptyQueue() }
        giveBack(queued, notBefore: now)
    }

    /// An endpoint changed: what is queued for it goes back, to be claimed again with the
    /// endpoint's new settings (or not at all, if it was deleted or disabled); so does what the
    /// claim in flight brings for it, which that claim may have read before the change.
    mutating func dropLane(_ endpointID: String, now: Int64) {
        if claiming { changedDuringClaim.insert(endpointID) }
        guard let lane = lanes[endpointID] else { return }
        let queued = lane.emptyQueue()
        if lane.inFlight == 0 { removeLane(endpointID) }
        giveBack(queued, notBefore: now)
        nextClaimAt = min(nextClaimAt, now)
    }

    /// A claim came back: its deliveries join their lanes' queues.
    mutating func claimed(_ answer: ClaimAnswer, now: Int64) {
        claiming = false
        let changed = changedDuringClaim
        changedDuringClaim = []
        if stopping {
            // Claimed after the stop began: straight back.
            let ids = answer.claimed.map(\.deliveryID)
            if !ids.isEmpty { toRelease.append((ids, now)) }
            return
        }
        if answer.expired > 0 { nextClaimAt = now }
        let full = answer.claimed.count == answer.limit
        for endpointID in answer.excluded {
            lanes[endpointID]?.mayHaveMore = true
        }
        if !full {
            let excluded = Set(answer.excluded)
            for (endpointID, lane) in lanes where !excluded.contains(endpointID) { lane.mayHaveMore = false }
        }
        var stale = [ClaimedDelivery]()
        var filled = Set<String>()
        let leaseUntil = answer.madeAt + configuration.leaseDuration.milliseconds
        for var delivery in answer.claimed {
            if changed.contains(delivery.endpoint.id) {
                stale.append(delivery)
                continue
            }
            delivery.leaseUntil = leaseUntil
            let lane = lane(for: delivery.endpoint, now: now)
            if full { lane.mayHaveMore = true }
            lane.enqueue(delivery, now: now)
            filled.insert(delivery.endpoint.id)
        }
        held.add(answer.claimed)
        // A rate-limited lane keeps only what it can send well within the lease; the rest goes
        // back for later claims (by this process or another).
        for endpointID in filled {
            guard let lane = lanes[endpointID], lane.bucket != nil else { continue }
            let excess = lane.takeExcess()
            if !excess.isEmpty { lane.mayHaveMore = true }
            stale += excess
        }
        giveBack(stale, notBefore: now)
        if full {
            nextClaimAt = now
        } else {
            // The pause before the next look counts from when the claim was made: a delivery that
            // came due while the answer travelled is claimed at once. A partial claim comes
            // without the next due time: look again after the recheck pause.
            nextClaimAt = max(answer.nextDue ?? answer.madeAt + Self.recheckMilliseconds, answer.madeAt + Self.recheckMilliseconds)
        }
        if !stale.isEmpty { nextClaimAt = min(nextClaimAt, now) }
    }

    /// A request is over: its slot frees now, and its attempts wait for the next record write.
    /// Returns the operational events it causes.
    mutating func finished(_ finished: FinishedRequest, now: Int64) -> [OperatorEvent] {
        unrecorded.append(finished)
        let endpointID = finished.request.endpoint.id
        if let next = finished.decision.nextAttemptAt { nextClaimAt = min(nextClaimAt, next) }
        onTheWire -= 1
        guard let lane = lanes[endpointID] else { return [] }
        var events = [OperatorEvent]()
        lane.inFlight -= 1
        let (opened, recovered) = lane.breaker.record(success: finished.result.succeeded, now: now)
        if finished.decision.slowDown {
            lane.limit = max(1, lane.limit / 2)
        } else if finished.result.succeeded {
            lane.limit = min(lane.maximum, lane.limit + 1)
        }
        if opened, let until = lane.breaker.openUntil {
            lane.share?.openedUntil = until
            events.append(.circuitOpened(endpointID: endpointID, failures: lane.breaker.consecutiveFailures, until: until))
            lane.mayHaveMore = true
            giveBack(lane.emptyQueue(), notBefore: until)
            toDefer.append((endpointID, until))
            nextClaimAt = min(nextClaimAt, until)
        }
        if recovered {
            events.append(.endpointRecovered(appID: finished.request.endpoint.appID, endpointID: endpointID))
        }
        if finished.result.succeeded && (recovered || lane.share?.circuitShared == true) { lane.share?.closed = true }
        // An idle, healthy lane goes; one with failures on record or a rate limit stays, or the
        // breaker would forget them and a fresh bucket would let a new burst through. A lane
        // with a share goes when it gives the share back.
        if lane.isIdleAndHealthy && lane.share == nil { lanes[endpointID] = nil }
        return events
    }

    /// A record write is over: its deliveries' claims have ended. Returns the operational
    /// events it causes; the endpoints it disabled lose their lanes.
    mutating func recorded(_ answer: RecordAnswer, now: Int64) -> [OperatorEvent] {
        recording = false
        var events = [OperatorEvent]()
        for finished in answer.requests {
            held.remove(finished.request.members)
            for delivery in finished.request.members {
                let attemptNumber = delivery.attemptsMade + 1
                if !finished.result.succeeded && attemptNumber == 4 {
                    events.append(.attemptFailing(delivery, attempts: attemptNumber))
                }
                if finished.decision.status == .exhausted && !finished.decision.disableEndpoint {
                    events.append(.attemptExhausted(delivery, attempts: attemptNumber))
                }
            }
        }
        for endpointID in answer.disabledEndpoints {
            let appID = answer.requests.first { $0.request.endpoint.id == endpointID }?.request.endpoint.appID ?? ""
            let gone = answer.requests.contains { $0.request.endpoint.id == endpointID && $0.decision.disableEndpoint }
            events.append(.endpointDisabled(appID: appID, endpointID: endpointID, gone: gone))
            dropLane(endpointID, now: now)
        }
        return events
    }

    // MARK: Decisions

    /// What to claim now, if anything: a claim runs when none is in flight, there is room, and
    /// the store rang, a retry came due, a backlog is known, or a lane's queue ran low. A ring
    /// while every lane is stocked waits ``ringCoalesceMilliseconds`` after the previous claim.
    mutating func nextClaim(now: Int64) -> ClaimRequest? {
        guard !claiming, !stopping else { return nil }
        let room = held.room(maximumCount: configuration.maximumHeldDeliveries, maximumPayloadBytes: configuration.maximumHeldPayloadBytes)
        let ringClaims = storeRang && (now - lastClaimAt >= Self.ringCoalesceMilliseconds || !everyLaneStocked(now: now))
        guard room > 0, ringClaims || now >= nextClaimAt || laneWantsMore else { return nil }
        claiming = true
        lastClaimAt = now
        storeRang = false
        laneWantsMore = false
        let checkLeases = now >= nextLeaseCheck
        if checkLeases { nextLeaseCheck = now + Self.leaseCheckMilliseconds }
        let excluded = lanes.filter { $0.value.isSaturated(now: now) }.map(\.key)
        return ClaimRequest(limit: min(room, Self.claimLimit), excluded: excluded, checkLeases: checkLeases)
    }

    /// True when there are lanes and each holds a full prefetch (or waits out an open circuit).
    private func everyLaneStocked(now: Int64) -> Bool {
        !lanes.isEmpty && lanes.values.allSatisfy { $0.isStocked(now: now) }
    }

    /// Every finished request not yet written, when no write is in flight.
    mutating func nextRecord() -> [FinishedRequest]? {
        guard !recording, !unrecorded.isEmpty else { return nil }
        recording = true
        defer { unrecorded.removeAll(keepingCapacity: true) }
        return unrecorded
    }

    /// Deliveries to give back and endpoints to defer, since the last call.
    mutating func takeReleases() -> (releases: [(deliveryIDs: [Int64], notBefore: Int64)], deferrals: [(endpointID: String, until: Int64)]) {
        defer {
            toRelease.removeAll()
            toDefer.removeAll()
        }
        return (toRelease, toDefer)
    }

    /// The requests that may start now: each lane's free slots, within its circuit breaker,
    /// rate limit and batching (the timer brings the loop back for those held back).
    mutating func startable(now: Int64) -> [PlannedRequest] {
        guard !stopping else { return [] }
        let capacityReached = held.room(maximumCount: configuration.maximumHeldDeliveries, maximumPayloadBytes: configuration.maximumHeldPayloadBytes) == 0
        var started = [PlannedRequest]()
        for lane in lanes.values where !lane.queue.isEmpty {
            // Deliveries whose lease would end before a request started now had ended (and been
            // recorded) go back rather than out: the store may give them to another claimer then.
            let ending = lane.takeLeasesEnding(before: now + lane.timeoutMilliseconds + configuration.leaseMargin.milliseconds)
            if !ending.isEmpty {
                lane.mayHaveMore = true
                giveBack(ending, notBefore: now)
            }
            let wireLeft = configuration.maximumRequestsInFlight - onTheWire - started.count
            guard wireLeft > 0 else { break }
            let before = started.count
            started += lane.plannedRequests(now: now, capacityReached: capacityReached, atMost: wireLeft)
            if started.count > before && lane.wantsMore(now: now) { laneWantsMore = true }
        }
        onTheWire += started.count
        return started
    }

    /// Queued deliveries go back to the store, due again at `notBefore`.
    mutating func giveBack(_ queued: [ClaimedDelivery], notBefore: Int64) {
        guard !queued.isEmpty else { return }
        held.remove(queued)
        toRelease.append((queued.map(\.deliveryID), notBefore))
    }

    /// Forgets a lane that holds no share (nothing to give back).
    mutating func forgetLane(_ endpointID: String) {
        lanes[endpointID] = nil
    }

    /// Makes the next claim come no later than `time`.
    mutating func claimBy(_ time: Int64) {
        nextClaimAt = min(nextClaimAt, time)
    }

    /// Forgets a lane; with a shared store its share is given back at the next renewal.
    mutating func removeLane(_ endpointID: String) {
        guard lanes.removeValue(forKey: endpointID) != nil, sharing else { return }
        sharesToGiveBack.insert(endpointID)
    }

    private mutating func lane(for endpoint: EndpointRecord, now: Int64) -> EndpointLane {
        let lane: EndpointLane
        if let existing = lanes[endpoint.id] {
            lane = existing
        } else {
            lane = EndpointLane(
                maximum: configuration.endpointConcurrency,
                breaker: CircuitBreaker(threshold: configuration.breakerThreshold, coolDownMilliseconds: configuration.breakerCoolDown.milliseconds),
                timeoutMilliseconds: 0, shared: sharing, now: now)
            lanes[endpoint.id] = lane
            sharesToGiveBack.remove(endpoint.id)
        }
        lane.timeoutMilliseconds = configuration.attemptTimeout(for: endpoint).milliseconds
        lane.applyRateLimit(endpoint.rateLimit, now: now)
        lane.batching = endpoint.batch
        return lane
    }
}

/// What the loop asks the claim task for.
struct ClaimRequest: Sendable {
    let limit: Int
    let excluded: [String]
    let checkLeases: Bool
}
