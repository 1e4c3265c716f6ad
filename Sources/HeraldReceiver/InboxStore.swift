import Foundation
import GRDB
import Herald

/// The inbox's SQLite database: every verified event, recorded (and so de-duplicated) before
/// the receiver answers 2xx, with where its processing stands.
///
/// WAL mode and `synchronous = FULL`: a recorded event is on disk before its request is
/// answered. Requests arriving together share one transaction and one fsync (a group commit).
/// An event's id is its primary key, so a duplicate is found by the insert itself.
///
/// The end of a handler run is written without waiting for the disk, in groups: losing it to
/// a power cut only runs the event again (at least once, as every retry does), and the next
/// synced commit makes it durable with everything before it. One fsync per handled event
/// had cost more than the recording itself (13,819 fdatasyncs for 22,000 events recorded and
/// 11,630 handled, under `herald bench receive`).
final class InboxStore: Sendable {
    let pool: DatabasePool
    private let recordQueue: GroupCommitQueue<[ReceivedEvent], [Bool]>
    private let finishQueue: GroupCommitQueue<FinishedRun, Void>
    private let now: @Sendable () -> Int64

    init(path: String, now: @escaping @Sendable () -> Int64) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        let pool = try DatabasePool(path: path, configuration: configuration)
        try pool.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            // Fewer, larger checkpoints (64 MiB of WAL): the inbox's index pages are rewritten by
            // nearly every commit, and a checkpoint copies each page once however often it changed.
            try db.execute(sql: "PRAGMA wal_autocheckpoint = 16384")
        }
        try Self.migrator.migrate(pool)
        self.pool = pool
        self.now = now
        recordQueue = GroupCommitQueue { batches in
            try await pool.write { db in
                try batches.map { events in try events.map { try Self.insert($0, at: now(), in: db) } }.map { .success($0) }
            }
        }
        finishQueue = GroupCommitQueue(linger: .milliseconds(2)) { runs in
            try await pool.writeWithoutTransaction { db in
                try db.cachedStatement(sql: "PRAGMA synchronous = NORMAL").execute()
                let written = Result {
                    try db.inTransaction {
                        for run in runs { try Self.update(run, at: now(), in: db) }
                        return .commit
                    }
                }
                // Back to FULL whatever happened: recorded events must stay synced.
                try db.cachedStatement(sql: "PRAGMA synchronous = FULL").execute()
                try written.get()
                return runs.map { _ in .success(()) }
            }
        }
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE inbox_events (
                    id TEXT PRIMARY KEY,
                    request_id TEXT NOT NULL,
                    type TEXT NOT NULL,
                    version TEXT,
                    occurred_at INTEGER NOT NULL,
                    data BLOB NOT NULL,
                    received_at INTEGER NOT NULL,
                    status TEXT NOT NULL,
                    attempts INTEGER NOT NULL DEFAULT 0,
                    next_attempt_at INTEGER NOT NULL,
                    last_error TEXT,
                    finished_at INTEGER
                ) WITHOUT ROWID;
                CREATE INDEX inbox_events_due ON inbox_events(next_attempt_at) WHERE status = 'pending';
                CREATE INDEX inbox_events_kept ON inbox_events(received_at) WHERE status <> 'pending';
                """)
        }
        return migrator
    }

    /// Records `events` (one request's) durably; true for each that is new, false for a duplicate.
    func record(_ events: [ReceivedEvent]) async throws -> [Bool] {
        try await recordQueue.submit(events)
    }

    private static func insert(_ event: ReceivedEvent, at time: Int64, in db: Database) throws -> Bool {
        try db.cachedStatement(sql: """
            INSERT INTO inbox_events (id, request_id, type, version, occurred_at, data, received_at, status, next_attempt_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', ?) ON CONFLICT(id) DO NOTHING
            """).execute(arguments: [event.id, event.requestID, event.type, event.version,
                                     Int64((event.timestamp.timeIntervalSince1970 * 1000).rounded()), Data(event.data), time, time])
        return db.changesCount > 0
    }

    /// Pending events due by `time`, oldest due first, leaving out `running`.
    func due(at time: Int64, limit: Int, excluding running: Set<String>) async throws -> [InboxRecord] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM inbox_events WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at LIMIT ?
                """, arguments: [time, limit + running.count])
                .map(Self.record).filter { !running.contains($0.event.id) }.prefix(limit).map { $0 }
        }
    }

    /// When the next pending event not in `running` comes due, if any.
    func nextDue(excluding running: Set<String>) async throws -> Int64? {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT id, next_attempt_at FROM inbox_events WHERE status = 'pending' ORDER BY next_attempt_at LIMIT ?",
                             arguments: [running.count + 1])
                .first { !running.contains($0["id"]) }.map { $0["next_attempt_at"] }
        }
    }

    /// Ends a run: `handled`, `unhandled` or `dead` for good, or `pending` again at `retryAt`.
    func finish(_ id: String, status: InboxRecord.Status, attempts: Int, error: String?, retryAt: Int64?) async throws {
        try await finishQueue.submit(FinishedRun(id: id, status: status, attempts: attempts, error: error, retryAt: retryAt))
    }

    /// The end of one run, as written.
    struct FinishedRun: Sendable {
        let id: String
        let status: InboxRecord.Status
        let attempts: Int
        let error: String?
        let retryAt: Int64?
    }

    private static func update(_ run: FinishedRun, at time: Int64, in db: Database) throws {
        try db.cachedStatement(sql: """
            UPDATE inbox_events SET status = ?, attempts = ?, last_error = ?, next_attempt_at = ?, finished_at = ? WHERE id = ?
            """).execute(arguments: [run.status.rawValue, run.attempts, run.error, run.retryAt ?? time, run.status == .pending ? nil : time, run.id])
    }

    /// One event with its state.
    func record(id: String) async throws -> InboxRecord? {
        try await pool.read { db in try Row.fetchOne(db, sql: "SELECT * FROM inbox_events WHERE id = ?", arguments: [id]).map(Self.record) }
    }

    /// Events in `status`, most recent first, after the cursor (a `received_at`/id pair).
    func list(status: InboxRecord.Status, limit: Int) async throws -> [InboxRecord] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM inbox_events WHERE status = ? ORDER BY received_at DESC, id DESC LIMIT ?",
                             arguments: [status.rawValue, limit]).map(Self.record)
        }
    }

    /// Makes dead letters (or unhandled events) pending again, due now, with their runs
    /// counted from zero; returns how many. All of them when `ids` is nil.
    func replay(_ ids: [String]?, from statuses: [InboxRecord.Status]) async throws -> Int {
        let time = now()
        return try await pool.write { db in
            let states = statuses.map { "'\($0.rawValue)'" }.joined(separator: ",")
            if let ids {
                var replayed = 0
                for id in ids {
                    try db.execute(sql: """
                        UPDATE inbox_events SET status = 'pending', attempts = 0, next_attempt_at = ?, finished_at = NULL
                        WHERE id = ? AND status IN (\(states))
                        """, arguments: [time, id])
                    replayed += db.changesCount
                }
                return replayed
            }
            try db.execute(sql: """
                UPDATE inbox_events SET status = 'pending', attempts = 0, next_attempt_at = ?, finished_at = NULL WHERE status IN (\(states))
                """, arguments: [time])
            return db.changesCount
        }
    }

    /// Deletes finished events received before `time` (duplicates of them are no longer
    /// recognised); returns how many.
    func purge(receivedBefore time: Int64) async throws -> Int {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM inbox_events WHERE status <> 'pending' AND received_at < ?", arguments: [time])
            return db.changesCount
        }
    }

    private static func record(_ row: Row) -> InboxRecord {
        let data: Data = row["data"]
        let occurredAt: Int64 = row["occurred_at"]
        let event = ReceivedEvent(id: row["id"], requestID: row["request_id"], type: row["type"], version: row["version"],
                                  timestamp: Date(timeIntervalSince1970: Double(occurredAt) / 1000), data: Array(data))
        return InboxRecord(event: event, status: InboxRecord.Status(rawValue: row["status"]) ?? .pending, attempts: row["attempts"],
                           receivedAt: row["received_at"], nextAttemptAt: row["next_attempt_at"], lastError: row["last_error"])
    }
}
