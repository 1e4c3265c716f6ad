import Synchronization

/// Lets concurrent writers share one transaction: callers queue their work, and a single
/// drain task runs everything queued so far in one `commit` call, then answers each caller.
/// While a commit is in flight new work queues up, so batches grow with load and the cost of
/// a durable commit (one fsync) is shared by every request in the batch.
///
/// Shared by the package's SQLite writers: the store's accepts and attempt records, and the
/// receiving side's inbox.
package final class GroupCommitQueue<Item: Sendable, Outcome: Sendable>: Sendable {
    package typealias Commit = @Sendable ([Item]) async throws -> [Result<Outcome, any Error>]

    private struct Waiting {
        let item: Item
        let continuation: CheckedContinuation<Outcome, any Error>
    }

    private struct State {
        var waiting: [Waiting] = []
        var draining = false
    }

    private let state = Mutex(State())
    private let maximumBatch: Int
    private let linger: Duration
    private let commit: Commit

    /// - Parameters:
    ///   - maximumBatch: The most items one transaction takes.
    ///   - linger: How long a drain waits before taking its batch, so that more items join
    ///     it (zero for work whose caller is waiting to answer a request).
    ///   - commit: Runs a batch in one transaction and returns one result per item, in order.
    package init(maximumBatch: Int = 1024, linger: Duration = .zero, commit: @escaping Commit) {
        self.maximumBatch = maximumBatch
        self.linger = linger
        self.commit = commit
    }

    /// Queues `item` and returns its outcome once the transaction holding it has committed.
    package func submit(_ item: Item) async throws -> Outcome {
        try await withCheckedThrowingContinuation { continuation in
            let startDrain = state.withLock { state -> Bool in
                state.waiting.append(Waiting(item: item, continuation: continuation))
                if state.draining { return false }
                state.draining = true
                return true
            }
            if startDrain {
                Task { await self.drain() }
            }
        }
    }

    private func drain() async {
        while true {
            if linger > .zero { try? await Task.sleep(for: linger) }
            let batch = state.withLock { state -> [Waiting] in
                let count = min(state.waiting.count, maximumBatch)
                let batch = Array(state.waiting.prefix(count))
                state.waiting.removeFirst(count)
                if batch.isEmpty { state.draining = false }
                return batch
            }
            if batch.isEmpty { return }
            do {
                let results = try await commit(batch.map(\.item))
                for (waiting, result) in zip(batch, results) {
                    waiting.continuation.resume(with: result)
                }
            } catch {
                for waiting in batch { waiting.continuation.resume(throwing: error) }
            }
        }
    }
}
