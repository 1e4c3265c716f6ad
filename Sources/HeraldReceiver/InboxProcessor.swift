import Herald
import CoreMetrics
import Logging
import Synchronization

/// Runs the handler for each pending event of the inbox, in the background: up to
/// `concurrency` at once, each with a deadline; a failed or timed-out run is retried after the
/// next pause of the retry schedule, and once the schedule is used up the event is kept as a
/// dead letter. Events recorded while it was stopped, or left pending by a crash, run when it
/// starts. Finished events are purged once they are older than the retention.
///
/// An event never runs twice at once in one process: a handler past its deadline is cancelled,
/// but one that ignores cancellation keeps running, so its event stays out of the inbox reads
/// (and its retry waits) until that handler has returned. It no longer holds a slot meanwhile.
struct InboxProcessor: Sendable {
    let store: InboxStore
    let router: WebhookEventRouter
    let configuration: ReceiverConfiguration
    let metrics: ReceiverMetrics
    let logger: Logger
    let signal: WakeSignal
    let stopping = StopFlag()
    let now: @Sendable () -> Int64

    /// The longest the loop sleeps with nothing due (it also wakes when an event is recorded).
    static let idleWait: Duration = .seconds(1)
    /// How many slots' worth of due events are read ahead.
    static let readAhead = 8
    /// How often finished events past the retention are purged, in milliseconds.
    static let purgeEveryMilliseconds: Int64 = 3_600_000

    /// Processes until ``stop()`` (or cancellation); then claims nothing more, and returns once
    /// the runs in progress have ended (each within the handler timeout) and, after a stop, been
    /// recorded. A crash, or a cancellation, leaves them pending as they were (their handlers
    /// cancelled, their attempts not counted): they run again at the next start.
    func run() async {
        let running = RunningEvents()
        var nextPurge: Int64 = 0
        // Due events read ahead of the slots: the inbox is read once per batch of events rather
        // than once per run (each finishing run wakes the loop), and only when this runs low.
        var queued = [InboxRecord]()
        await withDiscardingTaskGroup { group in
            while !Task.isCancelled && !stopping.isSet {
                let time = now()
                if time >= nextPurge {
                    nextPurge = time + Self.purgeEveryMilliseconds
                    await purge(at: time)
                }
                var lookedAndFoundNothing = false
                if queued.count < configuration.concurrency {
                    do {
                        // Leaves out what is queued or running here: `running` holds both.
                        let read = try await store.due(at: time, limit: Self.readAhead * configuration.concurrency - queued.count, excluding: running.ids)
                        for record in read { running.insert(record.event.id) }
                        queued += read
                        lookedAndFoundNothing = read.isEmpty
                    } catch {
                        logger.error("could not read the inbox", metadata: ["error": "\(error)"])
                    }
                }
                while running.inProgress < configuration.concurrency, !queued.isEmpty {
                    let record = queued.removeFirst()
                    running.started()
                    group.addTask {
                        let lingering = await self.process(record)
                        running.freeSlot()
                        if let lingering {
                            // Cancelled at its deadline but not yet returned: the retry waits for it.
                            Task {
                                await lingering.value
                                running.remove(record.event.id)
                                self.signal.ring()
                            }
                        } else {
                            running.remove(record.event.id)
                        }
                        self.signal.ring()
                    }
                }
                let wait = lookedAndFoundNothing && queued.isEmpty ? await waitTime(at: time, running: running.ids) : Self.idleWait
                await signal.wait(timeout: wait)
            }
        }
    }

    /// Claims nothing more; ``run()`` returns once the runs in progress are recorded.
    func stop() {
        stopping.set()
        signal.ring()
    }

    /// Until the next event comes due, at most ``idleWait``.
    private func waitTime(at time: Int64, running: Set<String>) async -> Duration {
        guard let next = try? await store.nextDue(excluding: running) else { return Self.idleWait }
        return .milliseconds(max(0, min(next - time, Self.idleWait.milliseconds)))
    }

    /// Runs `record`'s handler once and records how it went. Returns the handler's task when
    /// it may still be running (it timed out or was interrupted), so that the event is not
    /// started again before it has returned.
    private func process(_ record: InboxRecord) async -> Task<Void, Never>? {
        let event = record.event
        let attempt = record.attempts + 1
        var metadata: Logger.Metadata = ["webhook.event": "\(event.id)", "webhook.type": "\(event.type)", "webhook.attempt": "\(attempt)"]
        if let version = event.version { metadata["webhook.version"] = "\(version)" }
        guard let handler = router.handler(for: event) else {
            logger.notice("no handler takes this event type or version; kept as unhandled", metadata: metadata)
            try? await store.finish(event.id, status: .unhandled, attempts: record.attempts, error: nil, retryAt: nil)
            return nil
        }
        let started = ContinuousClock.now
        let run = await HandlerDeadline.run(timeout: configuration.handlerTimeout) { try await handler(event) }
        let took = ContinuousClock.now - started
        metrics.handlerDuration.recordNanoseconds(took.components.seconds * 1_000_000_000 + took.components.attoseconds / 1_000_000_000)
        metadata["webhook.duration_ms"] = "\(took.milliseconds)"
        let failure: String
        switch run.outcome {
        case .succeeded:
            metrics.handled.increment()
            logger.debug("handled", metadata: metadata)
            await finish(event.id, .handled, attempts: attempt, error: nil, retryAt: nil)
            return nil
        case .failed(let reason):
            failure = reason
        case .timedOut:
            failure = "the handler did not finish within \(configuration.handlerTimeout)"
        case .interrupted:
            // Shutting down without waiting: left pending as it was, it runs again at the next start.
            logger.notice("handler interrupted by shutdown; the event runs again at the next start", metadata: metadata)
            return run.handler
        }
        metrics.failed.increment()
        metadata["error"] = "\(failure)"
        if attempt <= configuration.retrySchedule.count {
            let pause = configuration.retrySchedule[attempt - 1]
            let retryAt = now() + pause.milliseconds
            logger.warning("handler failed; will retry", metadata: metadata.merging(["retry_in": "\(pause)"]) { $1 })
            await finish(event.id, .pending, attempts: attempt, error: failure, retryAt: retryAt)
        } else {
            metrics.deadLettered.increment()
            logger.error("handler kept failing; kept as a dead letter", metadata: metadata)
            await finish(event.id, .dead, attempts: attempt, error: failure, retryAt: nil)
        }
        return run.outcome == .timedOut ? run.handler : nil
    }

    private func finish(_ id: String, _ status: InboxRecord.Status, attempts: Int, error: String?, retryAt: Int64?) async {
        do {
            try await store.finish(id, status: status, attempts: attempts, error: error, retryAt: retryAt)
        } catch {
            // The event stays pending and runs again: at least once, never lost.
            logger.error("could not record the end of a run; the event will run again", metadata: ["webhook.event": "\(id)", "error": "\(error)"])
        }
    }

    private func purge(at time: Int64) async {
        let retention = configuration.retention.milliseconds
        do {
            let purged = try await store.purge(receivedBefore: time - retention)
            if purged > 0 { logger.info("purged finished events past the retention", metadata: ["count": "\(purged)"]) }
        } catch {
            logger.warning("could not purge old events", metadata: ["error": "\(error)"])
        }
    }
}

/// The events this process has read and not yet finished (queued, running, or cancelled at
/// their deadline and not yet returned), and how many runs hold a slot: shared by the loop and
/// the runs.
private final class RunningEvents: Sendable {
    private let state = Mutex((ids: Set<String>(), inProgress: 0))

    var ids: Set<String> { state.withLock { $0.ids } }
    var inProgress: Int { state.withLock { $0.inProgress } }
    func insert(_ id: String) { _ = state.withLock { $0.ids.insert(id) } }
    func started() { state.withLock { $0.inProgress += 1 } }
    /// A run has ended (its handler may linger, cancelled): its slot is free.
    func freeSlot() { state.withLock { $0.inProgress -= 1 } }
    /// The event's run is recorded and its handler has returned: it may be read again.
    func remove(_ id: String) { _ = state.withLock { $0.ids.remove(id) } }
}

/// Set once, read by the processing loop.
final class StopFlag: Sendable {
    private let state = Mutex(false)

    var isSet: Bool { state.withLock { $0 } }
    func set() { state.withLock { $0 = true } }
}
