import AsyncHTTPClient
import Foundation
import Herald
import HeraldStore
import Logging
import ServiceLifecycle

/// Delivers every due delivery: claims them from the store under a lease, holds them per
/// endpoint (so one slow or dead endpoint cannot take the slots of others), sends them
/// through ``WebhookSender`` and records each attempt; a claim ends only once its attempt is
/// recorded, so a crash repeats at most the attempts not yet recorded.
///
/// It learns of new deliveries from the store's ``DeliverySignal`` at once, and otherwise
/// sleeps until the earliest scheduled retry.
public actor DeliveryDispatcher: Service {
    let store: any HeraldStore
    let sender: WebhookSender
    let configuration: DeliveryConfiguration
    let policy: DeliveryPolicy
    let secrets: EndpointSecretsCache
    let events: OperatorEvents
    let logger: Logger
    let now: @Sendable () -> Int64

    private var lanes: [String: EndpointLane] = [:]
    private var held = 0
    private var stopping = false
    private var nextLeaseCheck: Int64 = 0
    private var lastClaim: Int64 = 0
    private var storeRang = true
    /// When the earliest waiting delivery is due, as far as this dispatcher knows.
    private var nextDue: Int64 = 0
    /// How often the loop wakes for timers.
    static let tickMilliseconds: Int64 = 20
    /// Claims are write transactions: while attempts complete, claim at most this often (new
    /// messages ring the store's signal and are claimed at once). 15 ms lets one claim refill
    /// a few hundred slots instead of a few tens, which is what draining a backlog costs most.
    private let claimInterval: Int64 = 15
    private let poke = DeliverySignal()
    private let finished = FinishedAttempts()

    /// A dispatcher over `store`, sending with `client`.
    public init(store: any HeraldStore, client: HTTPClient, configuration: DeliveryConfiguration, logger: Logger,
                now: @escaping @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970 * 1000) }) {
        self.store = store
        self.configuration = configuration
        self.policy = DeliveryPolicy(schedule: configuration.schedule)
        self.sender = WebhookSender(client: client, networkGuard: configuration.networkGuard, requestTimeout: configuration.requestTimeout, now: now)
        self.secrets = EndpointSecretsCache(store: store, now: now)
        self.events = OperatorEvents(client: client, url: configuration.operatorWebhookURL, secret: configuration.operatorWebhookSecret, logger: logger, now: now)
        self.logger = logger
        self.now = now
    }

    public func run() async throws {
        if configuration.storeIsExclusive {
            let released = (try? await store.releaseAllLeases(now: now())) ?? 0
            if released > 0 { logger.notice("re-queued deliveries left in flight by the previous run", metadata: ["count": "\(released)"]) }
        }
        // Two long-lived helpers wake the loop: one forwards the store's signal (new work), one
        // ticks for timers (retries coming due, rate limits, circuits). The loop itself only
        // ever waits on `poke`, which costs one continuation, not a task per wait.
        let storeSignal = store.deliverySignal
        let forwarder = Task { [weak self] in
            while !Task.isCancelled {
                await storeSignal.wait()
                await self?.storeHasWork()
            }
        }
        let ticker = Task { [poke] in
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(Self.tickMilliseconds))
                poke.notify()
            }
        }
        await withGracefulShutdownHandler {
            await withDiscardingTaskGroup { group in
                while !self.stopping && !Task.isCancelled {
                    if let batch = await self.settleFinished() {
                        group.addTask { await self.record(batch) }
                    }
                    let more = await self.claimIfRoom()
                    for delivery in self.startable() {
                        group.addTask { await self.execute(delivery) }
                    }
                    if more { continue }
                    await self.poke.wait()
                }
                forwarder.cancel()
                ticker.cancel()
                await self.releaseQueued()
                // What is on the wire finishes (each request has its timeout) and is recorded. A
                // cancelled run does not wait: its leases are released at the next start.
                while self.held > 0 && !Task.isCancelled {
                    if let batch = await self.settleFinished() {
                        await self.record(batch)
                    } else {
                        await self.poke.wait()
                    }
                }
            }
        } onGracefulShutdown: {
            Task { await self.beginStopping() }
        }
    }

    /// Tells the dispatcher an endpoint changed (updated, disabled, deleted, secret rotated):
    /// what it holds for it is dropped and its secrets are read again.
    public nonisolated func endpointChanged(_ endpointID: String) {
        secrets.invalidate(endpointID)
        Task { await self.dropLane(endpointID) }
    }

    // MARK: Scheduling (on the actor)

    /// Frees the slots of every attempt finished since the last turn; returns them for recording.
    private func settleFinished() async -> [FinishedAttempts.Attempt]? {
        let batch = finished.takeAll()
        guard !batch.isEmpty else { return nil }
        for attempt in batch {
            await sent(attempt.delivery, result: attempt.result, decision: attempt.decision)
        }
        return batch
    }

    private func storeHasWork() {
        storeRang = true
        poke.notify()
    }

    private func beginStopping() {
        stopping = true
        poke.notify()
    }

    /// Claims due deliveries while there is room; returns true when a full batch came back
    /// (more are probably due).
    private func claimIfRoom() async -> Bool {
        let time = now()
        if time >= nextLeaseCheck {
            nextLeaseCheck = time + 5000
            if let expired = try? await store.expireLeases(now: time), expired > 0 { nextDue = time }
        }
        let room = configuration.maximumInFlight - held
        guard room > 0 else { return false }
        // A completed attempt pokes the loop; claiming again for each one would be one write
        // transaction per delivery. Claim when the store rang, or when something is due, at
        // most every few milliseconds.
        guard storeRang || (time >= nextDue && time - lastClaim >= claimInterval) else { return false }
        storeRang = false
        lastClaim = time
        let batch = min(room, 256)
        let excluded = lanes.filter { $0.value.isSaturated(now: time) }.map(\.key)
        let claimed: [ClaimedDelivery]
        do {
            claimed = try await store.claimDueDeliveries(now: time, limit: batch, leaseUntil: time + configuration.leaseDuration.milliseconds,
                                                         excludingEndpoints: excluded)
        } catch {
            logger.error("could not claim deliveries", metadata: ["error": "\(error)"])
            return false
        }
        for delivery in claimed {
            let lane: EndpointLane
            if let existing = lanes[delivery.endpoint.id] {
                lane = existing
            } else {
                lane = EndpointLane(
                    maximum: configuration.endpointConcurrency,
                    breaker: CircuitBreaker(threshold: configuration.breakerThreshold, coolDownMilliseconds: configuration.breakerCoolDown.milliseconds))
                lanes[delivery.endpoint.id] = lane
            }
            lane.applyRateLimit(delivery.endpoint.rateLimit, now: time)
            lane.queue.append(delivery)
        }
        held += claimed.count
        if claimed.count == batch {
            nextDue = time
            return true
        }
        // Due now but not claimable (its endpoint is saturated or its circuit open): look again soon, not at once.
        let due = (try? await store.nextDueTime()) ?? (time + 1000)
        nextDue = max(due, time + 50)
        return false
    }

    private func startable() -> [ClaimedDelivery] {
        let time = now()
        var started = [ClaimedDelivery]()
        for lane in lanes.values where !lane.queue.isEmpty {
            started += lane.startable(now: time)
        }
        return started
    }

    /// The endpoint answered (or failed to): its slot frees now, before the attempt is
    /// recorded, so the record's write does not hold a connection idle. The delivery stays
    /// claimed (and counted in `held`) until ``recorded(_:disabled:)``.
    private func sent(_ delivery: ClaimedDelivery, result: AttemptResult, decision: DeliveryPolicy.Decision) async {
        let endpointID = delivery.endpoint.id
        let time = now()
        if let next = decision.nextAttemptAt { nextDue = min(nextDue, next) }
        if let lane = lanes[endpointID] {
            lane.inFlight -= 1
            let (opened, recovered) = lane.breaker.record(success: result.succeeded, now: time)
            if decision.slowDown {
                lane.limit = max(1, lane.limit / 2)
            } else if result.succeeded {
                lane.limit = min(lane.maximum, lane.limit + 1)
            }
            if opened, let until = lane.breaker.openUntil {
                logger.warning("circuit opened", metadata: ["endpoint": "\(endpointID)", "failures": "\(lane.breaker.consecutiveFailures)"])
                let queued = lane.queue.map(\.deliveryID)
                held -= lane.queue.count
                lane.queue.removeAll()
                try? await store.releaseDeliveries(queued, notBefore: until)
                try? await store.deferWaitingDeliveries(endpointID: endpointID, until: until)
                nextDue = min(nextDue, until)
            }
            if recovered {
                events.emit("endpoint.recovered", ["appId": delivery.message.appID, "endpointId": endpointID])
            }
            // An idle, healthy lane goes; one with failures on record or a rate limit stays, or
            // the breaker would forget them and a fresh bucket would let a new burst through.
            if lane.queue.isEmpty && lane.inFlight == 0 && lane.breaker.state == .closed && lane.breaker.consecutiveFailures == 0 && lane.bucket == nil {
                lanes[endpointID] = nil
            }
        }
    }

    /// The attempts are recorded: their claims are over.
    private func recorded(_ batch: [FinishedAttempts.Attempt], disabled: [String]) {
        held -= batch.count
        for attempt in batch {
            let delivery = attempt.delivery
            let attemptNumber = delivery.attemptsMade + 1
            let details = ["appId": delivery.message.appID, "endpointId": delivery.endpoint.id, "messageId": delivery.message.id, "attempts": "\(attemptNumber)"]
            if !attempt.result.succeeded && attemptNumber == 4 {
                events.emit("message.attempt.failing", details)
            }
            if attempt.decision.status == .exhausted && !attempt.decision.disableEndpoint {
                events.emit("message.attempt.exhausted", details)
            }
        }
        for id in disabled {
            let appID = batch.first { $0.delivery.endpoint.id == id }?.delivery.message.appID ?? ""
            let gone = batch.contains { $0.delivery.endpoint.id == id && $0.decision.disableEndpoint }
            events.emit("endpoint.disabled", ["appId": appID, "endpointId": id,
                                              "reason": gone ? "the endpoint answered 410 Gone" : "no successful delivery for too long"])
            dropLane(id)
        }
        poke.notify()
    }

    private func dropLane(_ endpointID: String) {
        guard let lane = lanes[endpointID] else { return }
        held -= lane.queue.count
        let queued = lane.queue.map(\.deliveryID)
        lane.queue.removeAll()
        if lane.inFlight == 0 { lanes[endpointID] = nil }
        // Whatever was held goes back; a deleted or disabled endpoint's rows are gone or cancelled, so nothing is resent.
        let time = now()
        nextDue = min(nextDue, time)
        Task { try? await store.releaseDeliveries(queued, notBefore: time) }
    }

    private func releaseQueued() async {
        let queued = lanes.values.flatMap { $0.queue.map(\.deliveryID) }
        held -= queued.count
        lanes.removeAll()
        try? await store.releaseDeliveries(queued, notBefore: now())
    }

    // MARK: Sending (off the actor)

    private nonisolated func execute(_ delivery: ClaimedDelivery) async {
        let keys = await secrets.secrets(for: delivery.endpoint.id)
        let result = await sender.send(delivery, secrets: keys)
        let attemptNumber = delivery.attemptsMade + 1
        var random = SystemRandomNumberGenerator()
        let time = now()
        let decision = policy.decide(result, attemptNumber: attemptNumber, endpoint: delivery.endpoint, now: time, random: &random)
        let attempt = AttemptRecord(
            id: PrefixedIDGenerator.shared.next(.attempt).rawValue, deliveryID: delivery.deliveryID, messageID: delivery.message.id,
            endpointID: delivery.endpoint.id, appID: delivery.message.appID, attemptNumber: attemptNumber,
            trigger: delivery.manual ? .manual : .scheduled, succeeded: result.succeeded, startedAt: result.startedAt,
            durationMilliseconds: result.durationMilliseconds, responseStatus: result.status, errorKind: result.errorKind?.rawValue,
            errorMessage: result.errorMessage, responseBody: result.body, responseContentType: result.contentType)
        if !result.succeeded {
            logger.info("delivery attempt failed", metadata: [
                "message": "\(delivery.message.id)", "endpoint": "\(delivery.endpoint.id)", "attempt": "\(attemptNumber)",
                "status": "\(result.status.map(String.init) ?? "-")", "error": "\(result.errorKind?.rawValue ?? "-")",
            ])
        }
        finished.add(FinishedAttempts.Attempt(
            delivery: delivery, result: result, decision: decision,
            outcome: AttemptOutcome(attempt: attempt, status: decision.status, nextAttemptAt: decision.nextAttemptAt, disableEndpoint: decision.disableEndpoint)))
        poke.notify()
    }

    /// Writes a batch of finished attempts (one transaction), then ends their claims.
    private nonisolated func record(_ batch: [FinishedAttempts.Attempt]) async {
        let time = now()
        var disabled = [String]()
        do {
            disabled = try await store.recordAttempts(batch.map(\.outcome), now: time, failingSinceLimit: time - configuration.disableAfter.milliseconds)
        } catch {
            // The leases run out and the deliveries are made again: at least once, never lost.
            logger.error("could not record attempts", metadata: ["count": "\(batch.count)", "error": "\(error)"])
        }
        await recorded(batch, disabled: disabled)
    }
}
