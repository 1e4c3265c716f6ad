import Synchronization

/// Runs a handler with a deadline. The handler runs in a task of its own, so that a handler
/// that ignores cancellation cannot hold its caller past the deadline: at the deadline the
/// handler's task is cancelled and the run counts as timed out, whether or not it stops. The
/// caller's own cancellation (a shutdown that cannot wait) cancels the handler too, and the
/// run counts as interrupted.
///
/// The handler's task is returned with the outcome: after a timeout or an interruption it may
/// still be running, and the caller must not start the same event again before it has ended.
enum HandlerDeadline {
    enum Outcome: Sendable, Equatable {
        case succeeded
        case failed(String)
        case timedOut
        /// The caller was cancelled before the handler ended.
        case interrupted
    }

    /// How one run ended, and the handler's task (finished unless the outcome is
    /// ``Outcome/timedOut`` or ``Outcome/interrupted``).
    struct Run: Sendable {
        let outcome: Outcome
        let handler: Task<Void, Never>
    }

    static func run(timeout: Duration, _ body: @escaping @Sendable () async throws -> Void) async -> Run {
        let settlement = Settlement()
        let work = Task {
            do {
                try await body()
                settlement.settle(.succeeded)
            } catch {
                settlement.settle(.failed(String(describing: error)))
            }
        }
        let timer = Task {
            do { try await Task.sleep(for: timeout) } catch { return }
            // Settled before the cancellation, which may make the handler throw at once.
            settlement.settle(.timedOut)
            work.cancel()
        }
        let outcome = await withTaskCancellationHandler {
            await settlement.outcome()
        } onCancel: {
            settlement.settle(.interrupted)
            work.cancel()
        }
        timer.cancel()
        return Run(outcome: outcome, handler: work)
    }

    /// The first outcome reported wins; a waiter gets it once it is known.
    private final class Settlement: Sendable {
        private let state = Mutex<(outcome: Outcome?, waiter: CheckedContinuation<Outcome, Never>?)>((nil, nil))

        func settle(_ outcome: Outcome) {
            let waiter = state.withLock { state -> CheckedContinuation<Outcome, Never>? in
                guard state.outcome == nil else { return nil }
                state.outcome = outcome
                defer { state.waiter = nil }
                return state.waiter
            }
            waiter?.resume(returning: outcome)
        }

        func outcome() async -> Outcome {
            await withCheckedContinuation { continuation in
                let known = state.withLock { state -> Outcome? in
                    if let outcome = state.outcome { return outcome }
                    state.waiter = continuation
                    return nil
                }
                if let known { continuation.resume(returning: known) }
            }
        }
    }
}
