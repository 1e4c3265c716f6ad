import Herald
import HeraldStore
import Foundation
import GRDB

/// The store on an embedded SQLite database: WAL mode, foreign keys, `synchronous = FULL`
/// (a commit is on disk before it returns), and messages accepted through a group commit.
///
/// The dispatcher's own bookkeeping (claims, attempt records, released leases) commits without
/// waiting for the disk (``write(durable:conflict:_:)`` with `durable: false`): losing it to a power cut can only repeat a
/// delivery, never lose one, and the next synced commit makes it durable with everything before it.
public final class SQLiteStore: HeraldStore {
    let pool: DatabasePool
    let acceptQueue: GroupCommitQueue<(MessageSubmission, Int64), AcceptOutcome>
    let attemptQueue: GroupCommitQueue<([AttemptOutcome], Int64, Int64), SQLiteStore.WrittenAttempts>
    public let deliverySignal = DeliverySignal()
    /// Accepted messages not yet in `message_stats` (written about once a second).
    let pendingMessageCounts = PendingMessageCounts()

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
            // 64 MiB of page cache per connection: the message and delivery indexes stay in memory.
            try db.execute(sql: "PRAGMA cache_size = -65536")
        }
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            // Only the writer commits. GRDB sets `synchronous = NORMAL` when it turns WAL mode on,
            // after `prepareDatabase` has run, so durability is set here, on the writer itself.
            // The WAL is checkpointed every 16,384 pages (64 MiB) rather than SQLite's 1,000: the
            // delivery indexes' pages are rewritten by nearly every commit, and a checkpoint copies
            // each page once however often it changed, so rarer checkpoints copy far fewer pages.
            try pool.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA synchronous = FULL")
                try db.execute(sql: "PRAGMA wal_autocheckpoint = \(Self.walCheckpointPages)")
            }
            try SQLiteMigrations.migrator().migrate(pool)
        } catch {
            throw StoreError(.unavailable, "cannot open the SQLite database at \(path): \(error)")
        }
        let pool = self.pool
        let pendingMessageCounts = self.pendingMessageCounts
        acceptQueue = GroupCommitQueue { batch in
            let results = try await Self.commitBatch(batch, in: pool, durable: true, { item, db in try SQLiteMessageWriter.accept(item.0, now: item.1, in: db) },
                                                     counting: { _, _, _ in })
            // The accepted messages are counted in memory and written about once a second, in a
            // transaction of their own: two upserts in every group commit cost ~7 % of an accept.
            let accepted = zip(batch, results).compactMap { item, result -> String? in
                if case .success(.accepted) = result { return item.0.message.appID } else { return nil }
            }
            pendingMessageCounts.add(appIDs: accepted, now: batch[0].1)
            await Self.writeMessageCounts(pendingMessageCounts.takeIfDue(), from: pendingMessageCounts, in: pool)
            return results
        }
        // Attempt records wait a few milliseconds for company: one commit then carries tens of
        // them, and every commit rewrites the index pages it touched (attempts by endpoint,
        // deliveries by lease), so small commits cost far more per record than large ones.
        attemptQueue = GroupCommitQueue(linger: .milliseconds(5)) { batch in
            try await Self.commitBatch(batch, in: pool, durable: false, { item, db in try Self.writeAttempts(item.0, now: item.1, failingSinceLimit: item.2, in: db) },
                                       counting: { items, _, db in try SQLiteStatistics.count(items.flatMap { $0.0.map(\.attempt) }, in: db) })
        }
    }

    /// Writes a group commit's batch in one transaction (one commit, one fsync when `durable`).
    /// If anything fails the batch rolls back and each item is retried in its own transaction,
    /// so only the one at fault gets the error. `counting` adds the written items to the
    /// statistics, once per transaction.
    static func commitBatch<Item: Sendable, Outcome: Sendable>(
        _ batch: [Item], in pool: DatabasePool, durable: Bool, _ write: @escaping @Sendable (Item, Database) throws -> Outcome,
        counting: @escaping @Sendable ([Item], [Outcome], Database) throws -> Void
    ) async throws -> [Result<Outcome, any Error>] {
        do {
            return try await transaction(in: pool, durable: durable) { db in
                let outcomes = try batch.map { try write($0, db) }
                try counting(batch, outcomes, db)
                return outcomes.map { .success($0) }
            }
        } catch {
            var results = [Result<Outcome, any Error>]()
            for item in batch {
                do {
                    results.append(.success(try await transaction(in: pool, durable: durable) { db in
                        let outcome = try write(item, db)
                        try counting([item], [outcome], db)
                        return outcome
                    }))
                } catch {
                    results.append(.failure(error))
                }
            }
            return results
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

    /// One write transaction on the writer; `durable: false` commits it without an fsync.
    static func transaction<T: Sendable>(in pool: DatabasePool, durable: Bool, _ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        if durable { return try await pool.write(body) }
        return try await pool.writeWithoutTransaction { db in
            try db.cachedStatement(sql: "PRAGMA synchronous = NORMAL").execute()
            let result = Result { () throws -> T in
                var value: T?
                try db.inTransaction {
                    value = try body(db)
                    return .commit
                }
                guard let value else { throw StoreError(.unavailable, "the bookkeeping transaction did not run") }
                return value
            }
            // Back to FULL whatever happened: every other write must stay synced.
            try db.cachedStatement(sql: "PRAGMA synchronous = FULL").execute()
            return try result.get()
        }
    }

    /// WAL pages between automatic checkpoints.
    static let walCheckpointPages = 16_384

    /// The writer connection's `wal_autocheckpoint` setting, for tests.
    func writerCheckpointPages() async throws -> Int {
        try await pool.writeWithoutTransaction { db in try Int.fetchOne(db, sql: "PRAGMA wal_autocheckpoint") ?? -1 }
    }

    /// The writer connection's `synchronous` setting (2 is FULL), for tests of durability.
    func writerSynchronousSetting() async throws -> Int {
        try await pool.writeWithoutTransaction { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1 }
    }

    /// Runs a write transaction, mapping a foreign key that points nowhere to `notFound` (with
    /// `missing`) and other constraint failures (a taken unique value) to `conflict`.
    ///
    /// `durable: false` commits without waiting for the disk (`synchronous = NORMAL` for this one
    /// transaction): for writes whose loss to a power cut only repeats work, such as a claim or
    /// an attempt record. A process crash loses nothing either way: the commit is in the
    /// operating system's cache, and the next synced commit flushes it.
    func write<T: Sendable>(durable: Bool = true, conflict: String = "already exists", missing: String = "a row it refers to does not exist",
                            _ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await Self.transaction(in: pool, durable: durable, body)
        } catch let error as StoreError {
            throw error
        } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_FOREIGNKEY {
            throw StoreError(.notFound, missing)
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
            throw StoreError(.conflict, conflict)
        } catch {
            throw StoreError(.unavailable, "database write failed: \(error)")
        }
    }
}
