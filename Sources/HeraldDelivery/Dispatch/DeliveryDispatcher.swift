import AsyncHTTPClient
import Foundation
import Herald
import HeraldStore
import Logging
import ServiceLifecycle

/// Delivers every due delivery: claims them from the store under a lease, holds them per
/// endpoint (so one slow or dead endpoint cannot take the slots of others), sends them
/// through ``WebhookSender`` and records each attempt durably before the slot is freed.
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
    /// Claims are write transactions: while attempts complete, claim at most this often.
    private let claimInterval: Int64 = 5
    private let poke = DeliverySignal()

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
        await withGracefulShutdownHandler {
            await withDiscardingTaskGroup { group in
                while !self.stopping && !Task.isCancelled {
                    let more = await self.claimIfRoom()
                    var wakeAt: Int64?
                    for delivery in self.startable(wakeAt: &wakeAt) {
                        group.addTask { await self.execute(delivery) }
                    }
                    if more { continue }
                    await self.waitForWork(until: wakeAt)
                }
                await self.releaseQueued()
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
            _ = try? await store.expireLeases(now: time)
        }
        let room = configuration.maximumInFlight - held
        guard room > 0 else { return false }
        // A completed attempt pokes the loop; claiming again for each one would be one write
        // transaction per delivery. Claim when the store rang, or every few milliseconds.
        guard storeRang || time - lastClaim >= claimInterval else { return false }
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
        return claimed.count == batch
    }

    private func startable(wakeAt: inout Int64?) -> [ClaimedDelivery] {
        let time = now()
        var started = [ClaimedDelivery]()
        for lane in lanes.values where !lane.queue.isEmpty {
            started += lane.startable(now: time, wakeAt: &wakeAt)
            if let until = lane.breaker.openUntil { wakeAt = min(wakeAt ?? until, until) }
        }
        return started
    }

    private func waitForWork(until wakeAt: Int64?) async {
        let time = now()
        var deadline = time + 1000
        if let wakeAt { deadline = min(deadline, wakeAt) }
        if held < configuration.maximumInFlight {
            if time - lastClaim < claimInterval {
                deadline = min(deadline, lastClaim + claimInterval)
            } else if let due = try? await store.nextDueTime() {
                // Due now but not claimable (its endpoint is saturated or its circuit open): look again soon, not at once.
                deadline = min(deadline, max(due, time + 50))
            }
        }
        if await WakeTimer.wait(store: store.deliverySignal, local: poke, milliseconds: deadline - time) { storeRang = true }
    }

    private func finished(_ delivery: ClaimedDelivery, result: AttemptResult, decision: DeliveryPolicy.Decision, disabled: [String]) async {
        held -= 1
        let endpointID = delivery.endpoint.id
        let time = now()
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
            }
            if recovered {
                events.emit("endpoint.recovered", ["appId": delivery.message.appID, "endpointId": endpointID])
            }
            // An idle, healthy lane goes; one with failures on record stays, or the breaker would forget them.
            if lane.queue.isEmpty && lane.inFlight == 0 && lane.breaker.state == .closed && lane.breaker.consecutiveFailures == 0 {
                lanes[endpointID] = nil
            }
        }
        let attemptNumber = delivery.attemptsMade + 1
        if !result.succeeded && attemptNumber == 4 {
            events.emit("message.attempt.failing", ["appId": delivery.message.appID, "endpointId": endpointID, "messageId": delivery.message.id,
                                                     "attempts": "\(attemptNumber)"])
        }
        if decision.status == .exhausted && !decision.disableEndpoint {
            events.emit("message.attempt.exhausted", ["appId": delivery.message.appID, "endpointId": endpointID, "messageId": delivery.message.id,
                                                       "attempts": "\(attemptNumber)"])
        }
        for id in disabled {
            events.emit("endpoint.disabled", ["appId": delivery.message.appID, "endpointId": id,
                                              "reason": decision.disableEndpoint ? "the endpoint answered 410 Gone" : "no successful delivery for too long"])
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
        Task { try? await store.releaseDeliveries(queued, notBefore: now()) }
    }

    private func releaseQueued() async {
        let queued = lanes.values.flatMap { $0.queue.map(\.deliveryID) }
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
        var disabled = [String]()
        do {
            disabled = try await store.recordAttempts(
                [AttemptOutcome(attempt: attempt, status: decision.status, nextAttemptAt: decision.nextAttemptAt, disableEndpoint: decision.disableEndpoint)],
                now: time, failingSinceLimit: time - configuration.disableAfter.milliseconds)
        } catch {
            // The lease runs out and the delivery is made again: at least once, never lost.
            logger.error("could not record an attempt", metadata: ["delivery": "\(delivery.deliveryID)", "error": "\(error)"])
        }
        if !result.succeeded {
            logger.info("delivery attempt failed", metadata: [
                "message": "\(delivery.message.id)", "endpoint": "\(delivery.endpoint.id)", "attempt": "\(attemptNumber)",
                "status": "\(result.status.map(String.init) ?? "-")", "error": "\(result.errorKind?.rawValue ?? "-")",
            ])
        }
        await finished(delivery, result: result, decision: decision, disabled: disabled)
    }
}
