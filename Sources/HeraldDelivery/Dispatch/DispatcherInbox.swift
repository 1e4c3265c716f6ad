import HeraldStore
import Synchronization

/// Everything that reaches the dispatcher's loop from other tasks, and the loop's one wake-up
/// source: sending tasks hand in finished attempts, the claim and record tasks their results,
/// the API changed endpoints, the store's signal and the timer their rings, the service group
/// a stop. Each hand-in rings one doorbell; rings coalesce, and the loop takes everything that
/// arrived since its last turn at once.
final class DispatcherInbox: Sendable {
    /// What arrived since the loop's last turn.
    struct Arrivals {
        /// Requests that are over, oldest first.
        var finished: [FinishedRequest] = []
        /// The answer of the claim in flight, if it came back.
        var claim: ClaimAnswer?
        /// Records written (or given up), each with its attempts.
        var recorded: [RecordAnswer] = []
        /// Endpoints the API changed: what the dispatcher holds for them goes.
        var changedEndpoints: Set<String> = []
        /// The store rang: new deliveries may be due.
        var storeRang = false
        /// Stop claiming, finish what is on the wire.
        var stopRequested = false
        /// The answer of the share renewal in flight, if it came back.
        var shares: ShareAnswer?
    }

    private let arrivals = Mutex(Arrivals())
    private let doorbell = DeliverySignal()

    /// A sending task's request is over.
    func add(_ request: FinishedRequest) {
        arrivals.withLock { $0.finished.append(request) }
        doorbell.notify()
    }

    /// The claim task's answer.
    func add(_ claim: ClaimAnswer) {
        arrivals.withLock { $0.claim = claim }
        doorbell.notify()
    }

    /// The share renewal's answer.
    func add(_ shares: ShareAnswer) {
        arrivals.withLock { $0.shares = shares }
        doorbell.notify()
    }

    /// A record task's answer.
    func add(_ recorded: RecordAnswer) {
        arrivals.withLock { $0.recorded.append(recorded) }
        doorbell.notify()
    }

    /// The API changed an endpoint.
    func endpointChanged(_ endpointID: String) {
        arrivals.withLock { _ = $0.changedEndpoints.insert(endpointID) }
        doorbell.notify()
    }

    /// The store has new work.
    func storeRang() {
        arrivals.withLock { $0.storeRang = true }
        doorbell.notify()
    }

    /// The service group asked the dispatcher to stop.
    func requestStop() {
        arrivals.withLock { $0.stopRequested = true }
        doorbell.notify()
    }

    /// Wakes the loop without news: timers may have come due.
    func tick() {
        doorbell.notify()
    }

    /// Everything that arrived since the last call.
    func take() -> Arrivals {
        arrivals.withLock { arrivals in
            defer {
                arrivals.finished.removeAll(keepingCapacity: true)
                arrivals.recorded.removeAll(keepingCapacity: true)
                arrivals.claim = nil
                arrivals.shares = nil
                arrivals.changedEndpoints.removeAll()
                arrivals.storeRang = false
            }
            return arrivals
        }
    }

    /// Returns when something arrived since the last wait (at once if it already has), or the
    /// task is cancelled.
    func wait() async {
        await doorbell.wait()
    }
}

/// What a claim brought back.
struct ClaimAnswer: Sendable {
    /// The deliveries claimed, oldest due first.
    let claimed: [ClaimedDelivery]
    /// How many were asked for; as many came back means more are probably due.
    let limit: Int
    /// The endpoints left out because the dispatcher held enough of theirs.
    let excluded: [String]
    /// When the earliest delivery not claimed is due, when none came back.
    let nextDue: Int64?
    /// In-flight deliveries of dead dispatchers made due again by this claim's lease check.
    let expired: Int
    /// The time the claim was made at (the loop may see its answer later).
    let madeAt: Int64
}

/// What a share renewal brought back.
struct ShareAnswer: Sendable {
    /// What was asked.
    let requests: [EndpointShareRequest]
    /// What was granted; nil when the renewal failed.
    let shares: [EndpointShare]?
}

/// A record write's outcome.
struct RecordAnswer: Sendable {
    /// The requests whose attempts it wrote (or failed to: then their leases run out and they
    /// are made again).
    let requests: [FinishedRequest]
    /// Endpoints the write disabled.
    let disabledEndpoints: [String]
}
