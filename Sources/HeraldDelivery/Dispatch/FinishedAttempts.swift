import HeraldStore
import Synchronization

/// Attempts whose request is over, waiting for the dispatcher's loop. A sending task adds its
/// attempt and pokes the loop, which settles everything finished since its last turn at once:
/// lane bookkeeping on the actor, then one store write for the whole batch. (Each task
/// hopping onto the actor twice and writing its own record cost more than the send itself.)
final class FinishedAttempts: Sendable {
    /// One finished attempt: what was sent, what came back, and what it means.
    struct Attempt: Sendable {
        let delivery: ClaimedDelivery
        let result: AttemptResult
        let decision: DeliveryPolicy.Decision
        let outcome: AttemptOutcome
    }

    private let attempts = Mutex<[Attempt]>([])

    /// Adds an attempt whose request is over.
    func add(_ attempt: Attempt) {
        attempts.withLock { $0.append(attempt) }
    }

    /// Everything added since the last call, oldest first.
    func takeAll() -> [Attempt] {
        attempts.withLock { attempts in
            defer { attempts.removeAll(keepingCapacity: true) }
            return attempts
        }
    }
}
