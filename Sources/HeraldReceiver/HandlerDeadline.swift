import Synchronization

/// Runs a handler with a deadline. The handler runs in a task of its own, so that a handler
/// that ignores cancellation cannot hold its caller past the deadline: at the deadline the
/// handler's task is cancelled and the run counts as timed out, whether or not it stops.
enum HandlerDeadline {
    enum Outcome: Sendable {
        case succeeded
        case failed(String)
        case timedOut
    }

    static func run(timeout: Duration, _ body: @escaping @Sendable () async throws -> Void) async -> Outcome {
        let settled = Mutex<CheckedContinuation<Outcome, Never>?>(nil)
        let finish: @Sendable (Outcome) -> Void = { outcome in
            settled.withLock { continuation in
                continuation?.resume(returning: outcome)
                continuation = nil
            }
        }
        return await withCheckedContinuation { continuation in
            settled.withLock { $0 = continuation }
            let work = Task {
                do {
                    try await body()
                    finish(.succeeded)
                } catch {
                    finish(.failed(String(describing: error)))
                }
            }
            Task {
                try? await Task.sleep(for: timeout)
                work.cancel()
                finish(.timedOut)
            }
        }
    }
}
