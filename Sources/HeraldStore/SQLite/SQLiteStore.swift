import Foundation
import GRDB

/// The store on an embedded SQLite database: WAL mode, foreign keys, `synchronous = FULL`
/// (a commit is on disk before it returns), and messages accepted through a group commit.
public final class SQLiteStore: HeraldStore {
    let pool: DatabasePool
    let acceptQueue: GroupCommitQueue<(MessageSubmission, Int64), AcceptOutcome>
    let attemptQueue: GroupCommitQueue<([AttemptOutcome], Int64, Int64), [String]>
    public let deliverySignal = DeliverySignal()

    /// The database file inside a data directory.
    public static func databasePath(inDataDirectory directory: String) -> String {
        (directory as NSString).appendingPathComponent("herald.sqlite")
    }

    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    public init(path: String) throws {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            // 64 MiB of page cache per connection: the message and delivery indexes stay in memory.
            try db.execute(sql: "PRAGMA cache_size = -65536")
        }
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            try SQLiteMigrations.migrator().migrate(pool)
        } catch {
            throw StoreError(.unavailable, "cannot open the SQLite database at \(path): \(error)")
        }
        let pool = self.pool
        acceptQueue = GroupCommitQueue { batch in
            do {
                // The whole batch in one transaction: one commit, one fsync.
                return try await pool.write { db in
                    try batch.map { submission, now in .success(try SQLiteMessageWriter.accept(submission, now: now, in: db)) }
                }
            } catch {
                // Something failed and rolled the batch back: retry each message in its own
                // transaction, so that only the one at fault gets the error.
                var results = [Result<AcceptOutcome, any Error>]()
                for (submission, now) in batch {
                    do {
                        results.append(.success(try await pool.write { db in try SQLiteMessageWriter.accept(submission, now: now, in: db) }))
                    } catch {
                        results.append(.failure(error))
                    }
                }
                return results
            }
        }
        attemptQueue = GroupCommitQueue { batch in
            do {
                return try await pool.write { db in
                    try batch.map { outcomes, now, limit in .success(try Self.writeAttempts(outcomes, now: now, failingSinceLimit: limit, in: db)) }
                }
            } catch {
                var results = [Result<[String], any Error>]()
                for (outcomes, now, limit) in batch {
                    do {
                        results.append(.success(try await pool.write { db in try Self.writeAttempts(outcomes, now: now, failingSinceLimit: limit, in: db) }))
                    } catch {
                        results.append(.failure(error))
                    }
                }
                return results
            }
        }
    }

    public func checkHealth() async throws {
        try await read { db in _ = try Int.fetchOne(db, sql: "SELECT 1") }
    }

    public func setting(_ key: String) async throws -> String? {
        try await read { db in try String.fetchOne(db, sql: "SELECT value FROM settings WHERE key = ?", arguments: [key]) }
    }

    public func insertSettingIfAbsent(_ key: String, value: String) async throws -> String {
        try await write { db in
            try db.execute(sql: "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING", arguments: [key, value])
            return try String.fetchOne(db, sql: "SELECT value FROM settings WHERE key = ?", arguments: [key]) ?? value
        }
    }

    /// Runs a read on one of the pool's reader connections, mapping database errors.
    func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await pool.read(body)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(.unavailable, "database read failed: \(error)")
        }
    }

    /// Runs a write transaction, mapping unique-constraint failures to `conflict`.
    func write<T: Sendable>(conflict: String = "already exists", _ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await pool.write(body)
        } catch let error as StoreError {
            throw error
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
            throw StoreError(.conflict, conflict)
        } catch {
            throw StoreError(.unavailable, "database write failed: \(error)")
        }
    }
}
