import HeraldStore
import Logging
import PostgresNIO

extension PostgresConnection {
    /// Runs `query`, unless the connection is closed already: then `unavailable`.
    ///
    /// PostgresNIO writes a statement to its channel without a promise for the write; on a
    /// channel that has closed (the server ended the connection: a restart, a fast shutdown)
    /// the write is dropped and the statement's answer never comes, so its caller waits
    /// forever. Asking first closes all but a moment's window of that.
    @discardableResult
    func queryIfOpen(_ query: PostgresQuery, logger: Logger) async throws -> PostgresRowSequence {
        guard !isClosed else { throw StoreError(.unavailable, "the PostgreSQL connection was closed (the server ended it)") }
        return try await self.query(query, logger: logger)
    }
}
