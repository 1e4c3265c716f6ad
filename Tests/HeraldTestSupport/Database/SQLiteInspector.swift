import Foundation
import GRDB

/// Reads a Herald SQLite database directly, for tests that check rows no API shows (a
/// delivery's state, how many deliveries a message has). Read-only: it never writes.
public struct SQLiteInspector: Sendable {
    /// A delivery row as stored.
    public struct Delivery: Sendable, Equatable {
        /// `pending`, `in_flight`, `succeeded`, `failed`, `exhausted` or `cancelled`.
        public let status: String
        /// Attempts made.
        public let attempts: Int
        /// Milliseconds since 1970 when the next attempt is due.
        public let nextAttemptAt: Int64

        /// Creates a row value to compare with.
        public init(status: String, attempts: Int, nextAttemptAt: Int64) {
            self.status = status
            self.attempts = attempts
            self.nextAttemptAt = nextAttemptAt
        }
    }

    /// The database file.
    public let path: String

    /// The database of a `herald serve` data directory.
    public init(dataDirectory: URL) {
        self.path = dataDirectory.appendingPathComponent("herald.sqlite").path
    }

    /// The database at `path`.
    public init(path: String) {
        self.path = path
    }

    /// The delivery of a message to an endpoint, if there is one.
    public func delivery(messageID: String, endpointID: String) throws -> Delivery? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT status, attempts, next_attempt_at FROM deliveries WHERE message_id = ? AND endpoint_id = ?",
                             arguments: [messageID, endpointID])
                .map { Delivery(status: $0["status"], attempts: $0["attempts"], nextAttemptAt: $0["next_attempt_at"]) }
        }
    }

    /// How many deliveries a message has.
    public func deliveryCount(messageID: String) throws -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM deliveries WHERE message_id = ?", arguments: [messageID]) ?? 0 }
    }

    private func read<T>(_ body: (Database) throws -> T) throws -> T {
        var configuration = Configuration()
        configuration.readonly = true
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        defer { try? queue.close() }
        return try queue.read(body)
    }
}
