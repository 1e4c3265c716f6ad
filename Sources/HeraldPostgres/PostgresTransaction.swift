import Logging
import PostgresNIO

/// One transaction on one connection: `BEGIN`, the statements, `COMMIT`; on an error,
/// `ROLLBACK` while the connection can still take it, else the connection is closed.
///
/// PostgresNIO's own `withTransaction` always sends `ROLLBACK` after an error, and `COMMIT`
/// whatever became of the connection meanwhile. When the server has ended the connection (a
/// restart: `terminating connection due to administrator command`), such a statement is written
/// to a closed channel and never answered (see ``PostgresConnection/queryIfOpen(_:logger:)``):
/// the task waits forever, and with it the API request or the dispatcher write it serves, and
/// the process's graceful stop. A connection the server ended has rolled its transaction back.
enum PostgresTransaction {
    static func run<T>(on connection: PostgresConnection, logger: Logger, _ body: (PostgresConnection) async throws -> T) async throws -> T {
        try await connection.queryIfOpen("BEGIN;", logger: logger)
        let value: T
        do {
            value = try await body(connection)
        } catch {
            if canRollBack(after: error) && !connection.isClosed {
                _ = try? await connection.queryIfOpen("ROLLBACK;", logger: logger)
            } else {
                try? await connection.close()
            }
            throw error
        }
        try await connection.queryIfOpen("COMMIT;", logger: logger)
        return value
    }

    /// True when the connection is still in the transaction after `error`: the error is the
    /// caller's own, or a statement's ordinary `ERROR` (a unique violation, say). A `FATAL` or
    /// `PANIC` from the server, a lost connection or any other error of PostgresNIO's means the
    /// connection is gone or going.
    static func canRollBack(after error: any Error) -> Bool {
        guard let error = error as? PSQLError else { return true }
        return error.code == .server && error.serverInfo?[.severity] == "ERROR"
    }
}
