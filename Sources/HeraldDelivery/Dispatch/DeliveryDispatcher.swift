import AsyncHTTPClient
import Foundation
import Herald
import HeraldStore
import Logging
import ServiceLifecycle
import Synchronization

/// Delivers every due delivery: claims them from the store under a lease, holds them per
/// endpoint (so one slow or dead endpoint cannot take the slots of others), sends them
/// through ``WebhookSender`` and records each attempt; a claim ends only once its attempt is
/// recorded, so a crash repeats at most the attempts not yet recorded.
///
/// ``run()`` is one loop over one task group. Its helpers are child tasks: the store's signal
/// (new deliveries), a timer (retries, rate limits and circuits coming due), the operator
/// events' sender, and per turn the claim, record and release writes and one task per attempt.
/// Every helper reports through the ``DispatcherInbox``, whose doorbell is the loop's only
/// wake-up source; the loop alone owns the ``DispatchSchedule``.
public final class DeliveryDispatcher: Service {
    let store: any HeraldStore
    let sender: WebhookSender
    let configuration: DeliveryConfiguration
    let policy: DeliveryPolicy
    let secrets: EndpointSecretsCache
    let events: OperatorEvents
    let logger: Logger
    let now: @Sendable () -> Int64
    let inbox = DispatcherInbox()
    /// The circuits this dispatcher holds open.
    public let circuits = CircuitBoard()
    let metrics: DeliveryMetrics
    private let running = Atomic<Bool>(false)

    /// True while ``run()`` runs: the process delivers.
    public var isRunning: Bool { running.load(ordering: .relaxed) }
    /// The store, when several processes share it: endpoints' limits are divided between them.
    let shares: (any EndpointShareStore)?

    /// How often the timer wakes the loop to look at what came due (retries, rate limits,
    /// circuits letting a probe through).
    static let tick: Duration = .milliseconds(20)

    /// A dispatcher over `store`, delivering through a ``DeliveryTransport`` of its own; `client`
    /// sends the operator events.
    public init(store: any HeraldStore, client: HTTPClient, configuration: DeliveryConfiguration, logger: Logger, metrics: DeliveryMetrics = .none,
                now: @escaping @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970 * 1000) }) {
        self.store = store
        self.metrics = metrics
        self.configuration = configuration
        self.policy = DeliveryPolicy(schedule: configuration.schedule)
        let transport = DeliveryTransport(trustRootsFile: configuration.trustRootsFile, maximumIdlePerTarget: configuration.maximumRequestsInFlight)
        self.sender = WebhookSender(transport: transport, networkGuard: configuration.networkGuard,
                                    timeout: { [configuration] in configuration.attemptTimeout(for: $0) }, now: now)
        self.secrets = EndpointSecretsCache(store: store, now: now)
        self.events = OperatorEvents(client: client, url: configuration.operatorWebhookURL, secret: configuration.operatorWebhookSecret, logger: logger, now: now)
        self.logger = logger
        self.now = now
        self.shares = configuration.storeIsExclusive ? nil : store as? any EndpointShareStore
        // Endpoints changed through another process: the same as through this one's API.
        let secrets = self.secrets
        (store as? any StoreChangeFeed)?.onChange({ [weak self] change in
            if case .endpoint(let id) = change { self?.endpointChanged(id) }
        }, resynchronize: {
            secrets.invalidateAll()
        })
    }

    /// Delivers until the service group shuts down gracefully (then it stops claiming, gives
    /// back what is queued, and returns once every attempt on the wire has ended and been
    /// recorded: each ends by its deadline) or the task is cancelled (then it returns at once;
    /// the leases it held are released at the next start, or expire).
    public func run() async throws {
        running.store(true, ordering: .relaxed)
        defer { running.store(false, ordering: .relaxed) }
        if configuration.storeIsExclusive {
            let released = (try? await store.releaseAllLeases(now: now())) ?? 0
            if released > 0 { logger.notice("re-queued deliveries left in flight by the previous run", metadata: ["count": "\(released)"]) }
        }
        await withGracefulShutdownHandler {
            await withDiscardingTaskGroup { helpers in
                helpers.addTask { await self.forwardStoreSignal() }
                helpers.addTask { await self.runTimer() }
                helpers.addTask { await self.events.run() }
                // The work group outlives the loop until its last write is done.
                await withDiscardingTaskGroup { work in
                    await self.loop(&work)
                }
                helpers.cancelAll()
            }
            // Every attempt has ended: the kept-alive connections go too.
            self.sender.transport.shutdown()
        } onGracefulShutdown: {
            self.inbox.requestStop()
        }
    }

    /// Tells the dispatcher an endpoint changed (updated, disabled, deleted, secret rotated):
    /// what it holds for it is dropped and its secrets are read again.
    public func endpointChanged(_ endpointID: String) {
        circuits.closed(endpointID)
        secrets.invalidate(endpointID)
        inbox.endpointChanged(endpointID)
    }

    // MARK: The loop

    private func loop(_ work: inout DiscardingTaskGroup) async {
        var schedule = DispatchSchedule(configuration: configuration, sharing: shares != nil)
        var lastStopReport: Int64 = 0
        while !Task.isCancelled {
            let time = now()
            let arrivals = inbox.take()
            if arrivals.stopRequested { schedule.stop(now: time) }
            if arrivals.storeRang { schedule.storeHasWork() }
            for endpointID in arrivals.changedEndpoints { schedule.dropLane(endpointID, now: time) }
            if let claim = arrivals.claim { schedule.claimed(claim, now: time) }
            if let answer = arrivals.shares { schedule.sharesRenewed(answer.requests, answer.shares, now: time) }
            for request in arrivals.finished {
                for event in schedule.finished(request, now: time) { publish(event) }
            }
            for recorded in arrivals.recorded {
                for event in schedule.recorded(recorded, now: time) { publish(event) }
            }

            if let request = schedule.nextClaim(now: time) {
                work.addTask { await self.claim(request) }
            }
            if let requests = schedule.nextShareRenewal(now: time) {
                work.addTask { await self.renewShares(requests) }
            }
            if let batch = schedule.nextRecord() {
                work.addTask { await self.record(batch) }
            }
            let (releases, deferrals) = schedule.takeReleases()
            if !releases.isEmpty || !deferrals.isEmpty {
                work.addTask { await self.giveBack(releases, deferrals) }
            }
            for request in schedule.startable(now: time) {
                work.addTask { await self.execute(request) }
            }
            if schedule.stopping && schedule.isDrained {
                await giveSharesBack(schedule.finalShareRelease(now: time))
                return
            }
            if schedule.stopping && time - lastStopReport >= 5000 {
                if lastStopReport > 0 { logger.info("stopping deliveries: still waiting", metadata: ["state": "\(schedule.drainState)"]) }
                lastStopReport = time
            }
            await inbox.wait()
        }
    }

    /// What an attempt's log line says about it.
    static func logMetadata(_ request: PlannedRequest, _ result: AttemptResult) -> Logger.Metadata {
        var metadata: Logger.Metadata = [
            "app": "\(request.endpoint.appID)", "endpoint": "\(request.endpoint.id)", "attempt": "\(request.attemptNumber)",
            "status": "\(result.status.map(String.init) ?? "-")", "error": "\(result.errorKind?.rawValue ?? "-")",
            "duration_ms": "\(result.durationMilliseconds)",
        ]
        if let batchID = request.batchID {
            metadata["batch"] = "\(batchID)"
            metadata["events"] = "\(request.members.count)"
        } else {
            metadata["message"] = "\(request.members[0].message.id)"
        }
        return metadata
    }

    /// Notes what an event says about circuits on the board, and emits it.
    private func publish(_ event: OperatorEvent) {
        switch event {
        case .circuitOpened(let endpointID, _, let until): circuits.opened(endpointID, until: until)
        case .endpointRecovered(_, let endpointID), .endpointDisabled(_, let endpointID, _): circuits.closed(endpointID)
        default: break
        }
        events.emit(event)
    }

    // MARK: Helpers (child tasks)

    private func forwardStoreSignal() async {
        let signal = store.deliverySignal
        while !Task.isCancelled {
            await signal.wait()
            inbox.storeRang()
        }
    }

    private func runTimer() async {
        while !Task.isCancelled {
            try? await Task.sleep(for: Self.tick)
            inbox.tick()
        }
    }

    /// One claim: expired leases first when it is time, then due deliveries, then (when none
    /// came back) when the next one is due. A partial claim is handed in at once, without that
    /// second look, so that its requests start a round trip sooner; the loop looks again shortly.
    private func claim(_ request: ClaimRequest) async {
        let time = now()
        var expired = 0
        if request.checkLeases {
            expired = (try? await store.expireLeases(now: time)) ?? 0
        }
        var claimed = [ClaimedDelivery]()
        let started = ContinuousClock.now
        do {
            claimed = try await store.claimDueDeliveries(now: time, limit: request.limit, leaseUntil: time + configuration.leaseDuration.milliseconds,
                                                         excludingEndpoints: request.excluded)
            metrics.claimed(since: started)
        } catch {
            logger.error("could not claim deliveries", metadata: ["error": "\(error)"])
        }
        var nextDue: Int64?
        if claimed.isEmpty {
            nextDue = (try? await store.nextDueTime()) ?? (time + 1000)
        }
        inbox.add(ClaimAnswer(claimed: claimed, limit: request.limit, excluded: request.excluded, nextDue: nextDue, expired: expired, madeAt: time))
    }

    /// Renews this process's shares of its endpoints' limits (a shared store only).
    private func renewShares(_ requests: [EndpointShareRequest]) async {
        guard let shares else { return }
        do {
            inbox.add(ShareAnswer(requests: requests, shares: try await shares.renewShares(requests, now: now())))
        } catch {
            logger.warning("could not renew this process's shares of endpoint limits; its grants run out unless a retry succeeds",
                           metadata: ["error": "\(error)"])
            inbox.add(ShareAnswer(requests: requests, shares: nil))
        }
    }

    /// Gives every share back once the last request ended, so that the other processes may use
    /// the slots at once rather than when the leases run out.
    private func giveSharesBack(_ requests: [EndpointShareRequest]) async {
        guard let shares, !requests.isEmpty else { return }
        _ = try? await shares.renewShares(requests, now: now())
    }

    /// Writes the attempts of finished requests (one transaction), which ends their claims.
    private func record(_ finished: [FinishedRequest]) async {
        let time = now()
        let outcomes = finished.flatMap(\.outcomes)
        var disabled = [String]()
        let started = ContinuousClock.now
        do {
            disabled = try await store.recordAttempts(outcomes, now: time, failingSinceLimit: time - configuration.disableAfter.milliseconds)
            metrics.recorded(since: started)
        } catch {
            // The leases run out and the deliveries are made again: at least once, never lost.
            logger.error("could not record attempts", metadata: ["count": "\(outcomes.count)", "error": "\(error)"])
        }
        inbox.add(RecordAnswer(requests: finished, disabledEndpoints: disabled))
    }

    /// Gives claimed deliveries back and defers the waiting deliveries of endpoints whose
    /// circuit opened. A failure leaves them to their leases.
    private func giveBack(_ releases: [(deliveryIDs: [Int64], notBefore: Int64)], _ deferrals: [(endpointID: String, until: Int64)]) async {
        for release in releases {
            do {
                try await store.releaseDeliveries(release.deliveryIDs, notBefore: release.notBefore)
            } catch {
                logger.error("could not give deliveries back; their leases will expire", metadata: ["count": "\(release.deliveryIDs.count)", "error": "\(error)"])
            }
        }
        for deferral in deferrals {
            try? await store.deferWaitingDeliveries(endpointID: deferral.endpointID, until: deferral.until)
        }
    }

    /// One request: writes a new batch's members into it, signs, sends by the deadline,
    /// decides what comes next (one decision for all of a batch's members: the same status and
    /// the same next attempt time, so they stay together), hands it in.
    private func execute(_ request: PlannedRequest) async {
        let endpoint = request.endpoint
        if let batchID = request.batchID, request.isNewBatch {
            do {
                try await store.assignBatch(batchID, deliveryIDs: request.members.map(\.deliveryID))
            } catch {
                // Bookkeeping only: should it be lost, a retry sends the members in a new batch.
                logger.warning("could not write a batch's members", metadata: ["batch": "\(batchID)", "error": "\(error)"])
            }
        }
        let keys = await secrets.secrets(for: endpoint)
        let result: AttemptResult
        if let batchID = request.batchID {
            result = await sender.sendBatch(batchID, members: request.members, secrets: keys)
        } else {
            result = await sender.send(request.members[0], secrets: keys)
        }
        var random = SystemRandomNumberGenerator()
        let finishedAt = now()
        let decision = policy.decide(result, attemptNumber: request.attemptNumber, endpoint: endpoint, now: finishedAt, random: &random)
        metrics.attempted(result, acceptedAt: request.members.map(\.message.createdAt), now: finishedAt)
        let outcomes = request.members.map { delivery in
            AttemptOutcome(
                attempt: AttemptRecord(
                    id: PrefixedIDGenerator.shared.next(.attempt).rawValue, deliveryID: delivery.deliveryID, messageID: delivery.message.id,
                    endpointID: endpoint.id, appID: delivery.message.appID, attemptNumber: delivery.attemptsMade + 1,
                    trigger: delivery.manual ? .manual : .scheduled, succeeded: result.succeeded, startedAt: result.startedAt,
                    durationMilliseconds: result.durationMilliseconds, responseStatus: result.status, errorKind: result.errorKind?.rawValue,
                    errorMessage: result.errorMessage, responseBody: result.body, responseContentType: result.contentType, batchID: request.batchID),
                status: decision.status, nextAttemptAt: decision.nextAttemptAt, disableEndpoint: decision.disableEndpoint)
        }
        // Every attempt is logged once: a failure at info, a success at debug (built only when
        // debug is on). Never the secrets, the signature or the body.
        if !result.succeeded {
            logger.info("delivery attempt failed", metadata: Self.logMetadata(request, result))
        } else {
            logger.debug("delivery attempt succeeded", metadata: Self.logMetadata(request, result))
        }
        inbox.add(FinishedRequest(request: request, result: result, decision: decision, outcomes: outcomes))
    }
}
