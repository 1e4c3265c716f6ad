import HeraldStore
import PostgresNIO
import Synchronization

extension PostgresStore {
    /// How long a statement waits for a pooled connection before the store answers
    /// `unavailable`. While the pool cannot connect (the database restarts, or is away),
    /// PostgresNIO keeps each request waiting for a connection for up to a minute before it
    /// fails it; every API request and every dispatcher write would hang that long, and a
    /// client would see its request time out instead of a 503 it can retry.
    static let connectionWait: Duration = .seconds(5)

    /// Runs `body` on a pooled connection, or throws `unavailable` when none could be had within
    /// ``connectionWait``. Only the wait is limited: once `body` has its connection, it runs to
    /// its end (a statement on the wire is never abandoned half way).
    func withPooledConnection<T: Sendable>(_ pool: PostgresClient, _ body: @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        let race = ConnectionWaitRace()
        return try await withoutActuallyEscaping(body) { body in
            try await withThrowingTaskGroup(of: ConnectionWaitRace.Outcome<T>.self) { group in
                group.addTask {
                    .finished(try await pool.withConnection { connection in
                        guard race.connected() else { throw CancellationError() }
                        do {
                            return try await body(connection)
                        } catch {
                            // The server ended the connection, or it broke: it must not go back to
                            // the pool, where the next statement would be written to it as it closes.
                            if !PostgresTransaction.canRollBack(after: error) { try? await connection.close() }
                            throw error
                        }
                    })
                }
                group.addTask {
                    try await Task.sleep(for: Self.connectionWait)
                    return race.waitedTooLong() ? .waitedTooLong : .connectedInTime
                }
                while let outcome = try await group.next() {
                    switch outcome {
                    case .finished(let value):
                        group.cancelAll()
                        return value
                    case .waitedTooLong:
                        group.cancelAll()
                        throw StoreError(.unavailable, "no connection to the PostgreSQL database at \(self.location) within \(Self.connectionWait)")
                    case .connectedInTime:
                        continue
                    }
                }
                // The first child always ends with an outcome or an error.
                throw CancellationError()
            }
        }
    }
}

/// Which came first for one statement: its connection, or the end of the wait for it.
final class ConnectionWaitRace: Sendable {
    /// What a child task of ``PostgresStore/withPooledConnection(_:_:)`` ended with.
    enum Outcome<T: Sendable>: Sendable {
        case finished(T)
        case waitedTooLong
        case connectedInTime
    }

    private enum State {
        case waiting, connected, gaveUp
    }

    private let state = Mutex(State.waiting)

    /// The connection came: true if it came in time (the statement may run).
    func connected() -> Bool {
        state.withLock { state in
            guard case .waiting = state else { return false }
            state = .connected
            return true
        }
    }

    /// The wait is over: true if no connection had come (the statement is given up).
    func waitedTooLong() -> Bool {
        state.withLock { state in
            guard case .waiting = state else { return false }
            state = .gaveUp
            return true
        }
    }
}
