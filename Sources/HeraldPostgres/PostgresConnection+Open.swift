import HeraldStore
import Logging
import NIOCore
import PostgresNIO
import Synchronization

extension PostgresConnection {
    /// How often a statement still waiting for its answer looks whether its connection closed.
    static let closedConnectionCheck: TimeAmount = .seconds(1)

    /// Runs `query`, and answers `unavailable` rather than wait forever when its connection
    /// closes without answering it.
    ///
    /// PostgresNIO writes a statement to its channel without a promise for the write; on a
    /// channel that has closed (the server ended the connection: a restart, a fast shutdown)
    /// the write is dropped and the statement's answer never comes. Asking `isClosed` first
    /// leaves a window between the question and the write reaching the event loop: under load,
    /// while a restarting server closed dozens of connections, one statement in a few thousand
    /// fell in it and held a dispatcher's stop forever (the CI run of 2026-12-07). So the
    /// statement runs in a task of its own and the caller waits on its answer or on the
    /// connection's close, whichever comes first: a statement still waiting a second after its
    /// connection closed is never answered (the statements the connection had taken were all
    /// failed when it closed), and is abandoned.
    @discardableResult
    func queryIfOpen(_ query: PostgresQuery, logger: Logger) async throws -> PostgresRowSequence {
        try await answerOrClose { try await self.query(query, logger: logger) }
    }

    /// Runs `statement` (its first answer: a statement's rows come after it, or fail with the
    /// connection) in a task of its own, and returns its result, or throws `unavailable` once
    /// the connection has closed without answering. See ``queryIfOpen(_:logger:)``.
    func answerOrClose<Value: Sendable>(_ statement: @escaping @Sendable () async throws -> Value) async throws -> Value {
        guard !isClosed else { throw Self.closedError }
        return try await withCheckedThrowingContinuation { continuation in
            let answer = StatementAnswer(continuation)
            Task {
                do {
                    answer.finish(.success(try await statement()))
                } catch {
                    answer.finish(.failure(error))
                }
            }
            watchForClose(answer)
        }
    }

    private static var closedError: StoreError { StoreError(.unavailable, "the PostgreSQL connection was closed (the server ended it)") }

    /// Looks every ``closedConnectionCheck`` whether the connection closed while `answer` waits.
    private func watchForClose<Value: Sendable>(_ answer: StatementAnswer<Value>) {
        eventLoop.scheduleTask(in: Self.closedConnectionCheck) {
            guard !answer.isFinished else { return }
            if self.isClosed {
                answer.finish(.failure(Self.closedError))
            } else {
                self.watchForClose(answer)
            }
        }
    }
}

/// The answer to one statement: the first of its result and its connection's close.
private final class StatementAnswer<Value: Sendable>: Sendable {
    private let continuation: Mutex<CheckedContinuation<Value, any Error>?>

    init(_ continuation: CheckedContinuation<Value, any Error>) {
        self.continuation = Mutex(continuation)
    }

    var isFinished: Bool { continuation.withLock { $0 == nil } }

    func finish(_ result: Result<Value, any Error>) {
        let waiting = continuation.withLock { continuation in
            defer { continuation = nil }
            return continuation
        }
        waiting?.resume(with: result)
    }
}
