import HeraldStore
import GRDB

/// Statistics on SQLite: `attempt_stats` and `message_stats` hold per-minute and per-hour
/// buckets, added to in the same transaction as the attempts and messages they count.
enum SQLiteStatistics {
    /// The outcome count columns, in ``AttemptOutcomeClass/allCases`` order.
    static let outcomeColumns = AttemptOutcomeClass.allCases.map { "c_\($0.rawValue)" }
    /// The latency bin columns, in bin order.
    static let latencyColumns = (0..<LatencyHistogram.binCount).map { "l_\($0)" }
    /// Every column that is added to.
    static let sumColumns = outcomeColumns + latencyColumns + ["duration_ms_total"]

    /// The tables (migration v10).
    static let schema = """
        CREATE TABLE attempt_stats (
            endpoint_id TEXT NOT NULL,
            app_id TEXT NOT NULL,
            bucket_ms INTEGER NOT NULL,
            bucket_start INTEGER NOT NULL,
            \(sumColumns.map { "\($0) INTEGER NOT NULL DEFAULT 0," }.joined(separator: "\n    "))
            last_success_at INTEGER,
            last_failure_at INTEGER,
            last_failure_attempt TEXT,
            last_failure_status INTEGER,
            last_failure_error TEXT,
            last_failure_message TEXT,
            PRIMARY KEY (endpoint_id, bucket_ms, bucket_start)
        ) WITHOUT ROWID;
        CREATE INDEX attempt_stats_by_app ON attempt_stats(app_id, bucket_ms, bucket_start);
        CREATE INDEX attempt_stats_by_time ON attempt_stats(bucket_ms, bucket_start);
        CREATE TABLE message_stats (
            app_id TEXT NOT NULL,
            bucket_ms INTEGER NOT NULL,
            bucket_start INTEGER NOT NULL,
            messages INTEGER NOT NULL,
            PRIMARY KEY (app_id, bucket_ms, bucket_start)
        ) WITHOUT ROWID;
        CREATE INDEX message_stats_by_time ON message_stats(bucket_ms, bucket_start);
        """

    /// The condition of an application's row (the partial index of migration v12 has the same).
    static let isApplicationRow = "substr(endpoint_id, 1, 1) = '*'"

    /// Migration v12: the applications' rows, made from the endpoints' rows already there, and
    /// the index the server's figures read them through.
    static let applicationRows = """
        INSERT INTO attempt_stats (endpoint_id, app_id, bucket_ms, bucket_start, \(sumColumns.joined(separator: ", ")), last_success_at, last_failure_at)
        SELECT '*' || app_id, app_id, bucket_ms, bucket_start, \(sumColumns.map { "SUM(\($0))" }.joined(separator: ", ")), MAX(last_success_at), MAX(last_failure_at)
        FROM attempt_stats WHERE NOT \(isApplicationRow) GROUP BY app_id, bucket_ms, bucket_start;
        CREATE INDEX attempt_stats_applications_by_time ON attempt_stats(bucket_ms, bucket_start) WHERE \(isApplicationRow);
        """

    static let failureColumns = ["last_failure_attempt", "last_failure_status", "last_failure_error", "last_failure_message"]

    static let upsertAttemptRow: String = {
        let columns = ["endpoint_id", "app_id", "bucket_ms", "bucket_start"] + sumColumns + ["last_success_at", "last_failure_at"] + failureColumns
        let newer = "excluded.last_failure_at >= COALESCE(last_failure_at, excluded.last_failure_at)"
        return """
            INSERT INTO attempt_stats (\(columns.joined(separator: ", "))) VALUES (\(Array(repeating: "?", count: columns.count).joined(separator: ", ")))
            ON CONFLICT (endpoint_id, bucket_ms, bucket_start) DO UPDATE SET
            \(sumColumns.map { "\($0) = \($0) + excluded.\($0)" }.joined(separator: ", ")),
            last_success_at = max(COALESCE(last_success_at, excluded.last_success_at), COALESCE(excluded.last_success_at, last_success_at)),
            \(failureColumns.map { "\($0) = CASE WHEN \(newer) THEN excluded.\($0) ELSE \($0) END" }.joined(separator: ", ")),
            last_failure_at = max(COALESCE(last_failure_at, excluded.last_failure_at), COALESCE(excluded.last_failure_at, last_failure_at))
            """
    }()

    /// Adds the rows `attempts` make to the attempt statistics.
    static func count(_ attempts: [AttemptRecord], in db: Database) throws {
        let statement = try db.cachedStatement(sql: upsertAttemptRow)
        for row in StatisticsRollup.attemptRows(attempts) {
            var arguments: [(any DatabaseValueConvertible)?] = [row.endpointID, row.appID, row.granularity.rawValue, row.bucket.start]
            arguments += row.bucket.outcomes.map { $0 as (any DatabaseValueConvertible)? }
            arguments += row.bucket.latencyBins.map { $0 as (any DatabaseValueConvertible)? }
            arguments += [row.bucket.durationTotalMilliseconds, row.lastSuccessAt, row.lastFailure?.at, row.lastFailure?.attemptID,
                          row.lastFailure?.status, row.lastFailure?.errorKind, row.lastFailure?.message]
            try statement.execute(arguments: StatementArguments(arguments))
        }
    }

    /// Adds message counts to the message statistics.
    static func countMessages(_ rows: [StatisticsRollup.MessageRow], in db: Database) throws {
        guard !rows.isEmpty else { return }
        let statement = try db.cachedStatement(sql: """
            INSERT INTO message_stats (app_id, bucket_ms, bucket_start, messages) VALUES (?, ?, ?, ?)
            ON CONFLICT (app_id, bucket_ms, bucket_start) DO UPDATE SET messages = messages + excluded.messages
            """)
        for row in rows {
            try statement.execute(arguments: [row.appID, row.granularity.rawValue, row.start, row.messages])
        }
    }
}

extension SQLiteStore {
    /// Writes counted messages to `message_stats` in a transaction of their own (not synced: the
    /// next synced commit makes them durable); on failure they go back to `pending`.
    static func writeMessageCounts(_ rows: [StatisticsRollup.MessageRow], from pending: PendingMessageCounts, in pool: DatabasePool) async {
        guard !rows.isEmpty else { return }
        do {
            try await transaction(in: pool, durable: false) { db in try SQLiteStatistics.countMessages(rows, in: db) }
        } catch {
            pending.restore(rows)
        }
    }

    /// Every message counted so far, written before statistics are read or deleted.
    func flushMessageCounts() async {
        await Self.writeMessageCounts(pendingMessageCounts.take(), from: pendingMessageCounts, in: pool)
    }
}

extension SQLiteStore {
    public func statistics(_ scope: StatisticsScope, granularity: StatisticsGranularity, from: Int64, until: Int64) async throws -> [StatisticsBucket] {
        if case .endpoint = scope {} else { await flushMessageCounts() }
        return try await read { db in
            // An application's and the server's attempts come from the applications' rows (one
            // per bucket each, see StatisticsRollup.applicationRowPrefix), not from their endpoints'.
            let (attemptFilter, messageFilter, rowID, appID): (String, String?, String?, String?) = switch scope {
            case .endpoint(let id): ("AND endpoint_id = ?", nil, id, nil)
            case .application(let id): ("AND endpoint_id = ?", "AND app_id = ?", StatisticsRollup.applicationRowPrefix + id, id)
            case .server: ("AND \(SQLiteStatistics.isApplicationRow)", "", nil, nil)
            }
            var arguments: [(any DatabaseValueConvertible)?] = [granularity.rawValue, from, until]
            if let rowID { arguments.append(rowID) }
            var messageArguments: [(any DatabaseValueConvertible)?] = [granularity.rawValue, from, until]
            if let appID { messageArguments.append(appID) }
            var buckets = [Int64: StatisticsBucket]()
            let sums = SQLiteStatistics.sumColumns.map { "SUM(\($0))" }.joined(separator: ", ")
            for row in try Row.fetchAll(db, sql: """
                SELECT bucket_start, \(sums) FROM attempt_stats
                WHERE bucket_ms = ? AND bucket_start BETWEEN ? AND ? \(attemptFilter) GROUP BY bucket_start
                """, arguments: StatementArguments(arguments)) {
                let outcomeCount = SQLiteStatistics.outcomeColumns.count
                let latencyCount = SQLiteStatistics.latencyColumns.count
                let start: Int64 = row[0]
                buckets[start] = StatisticsBucket(start: start, outcomes: (1...outcomeCount).map { row[$0] },
                                                  latencyBins: (outcomeCount + 1...outcomeCount + latencyCount).map { row[$0] },
                                                  durationTotalMilliseconds: row[outcomeCount + latencyCount + 1], messages: 0)
            }
            if let messageFilter {
                for row in try Row.fetchAll(db, sql: """
                    SELECT bucket_start, SUM(messages) FROM message_stats
                    WHERE bucket_ms = ? AND bucket_start BETWEEN ? AND ? \(messageFilter) GROUP BY bucket_start
                    """, arguments: StatementArguments(messageArguments)) {
                    let start: Int64 = row[0]
                    buckets[start, default: StatisticsBucket(start: start)].messages = row[1]
                }
            }
            return buckets.values.sorted { $0.start < $1.start }
        }
    }

    public func endpointActivity(endpointID: String) async throws -> EndpointActivity {
        try await read { db in
            let hour = StatisticsGranularity.hour.rawValue
            let lastSuccess = try Int64.fetchOne(db, sql: """
                SELECT last_success_at FROM attempt_stats WHERE endpoint_id = ? AND bucket_ms = ? AND last_success_at IS NOT NULL
                ORDER BY bucket_start DESC LIMIT 1
                """, arguments: [endpointID, hour])
            let failure = try Row.fetchOne(db, sql: """
                SELECT last_failure_at, last_failure_attempt, last_failure_status, last_failure_error, last_failure_message FROM attempt_stats
                WHERE endpoint_id = ? AND bucket_ms = ? AND last_failure_at IS NOT NULL ORDER BY bucket_start DESC LIMIT 1
                """, arguments: [endpointID, hour]).map {
                AttemptFailureNote(at: $0["last_failure_at"], attemptID: $0["last_failure_attempt"], status: $0["last_failure_status"],
                                   errorKind: $0["last_failure_error"], message: $0["last_failure_message"])
            }
            let failingSince = try Int64.fetchOne(db, sql: "SELECT failing_since FROM endpoints WHERE id = ?", arguments: [endpointID])
            return EndpointActivity(lastSuccessAt: lastSuccess, lastFailure: failure, failingSince: failingSince)
        }
    }

    public func endpointAttemptTotals(from: Int64, until: Int64) async throws -> [EndpointAttemptTotals] {
        try await read { db in
            try Row.fetchAll(db, sql: """
                SELECT endpoint_id, app_id, SUM(\(SQLiteStatistics.outcomeColumns.joined(separator: " + "))), SUM(c_2xx) FROM attempt_stats
                WHERE bucket_ms = ? AND bucket_start BETWEEN ? AND ? AND NOT \(SQLiteStatistics.isApplicationRow)
                GROUP BY endpoint_id, app_id ORDER BY endpoint_id
                """, arguments: [StatisticsGranularity.minute.rawValue, from, until]).map {
                EndpointAttemptTotals(endpointID: $0[0], appID: $0[1], attempts: $0[2], succeeded: $0[3])
            }
        }
    }

    public func applicationMessageTotals(from: Int64, until: Int64) async throws -> [String: Int] {
        await flushMessageCounts()
        return try await read { db in
            var totals = [String: Int]()
            for row in try Row.fetchAll(db, sql: """
                SELECT app_id, SUM(messages) FROM message_stats WHERE bucket_ms = ? AND bucket_start BETWEEN ? AND ? GROUP BY app_id
                """, arguments: [StatisticsGranularity.minute.rawValue, from, until]) {
                totals[row[0]] = row[1]
            }
            return totals
        }
    }

    public func queueDepth(now: Int64) async throws -> QueueDepth {
        try await read { db in
            let due = try Row.fetchOne(db, sql: """
                SELECT COUNT(*), MIN(next_attempt_at) FROM deliveries WHERE status IN ('pending', 'failed') AND next_attempt_at <= ?
                """, arguments: [now])
            let later = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM deliveries WHERE status IN ('pending', 'failed') AND next_attempt_at > ?", arguments: [now]) ?? 0
            let inFlight = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM deliveries WHERE status = 'in_flight' AND lease_until IS NOT NULL") ?? 0
            return QueueDepth(dueNow: due?[0] ?? 0, scheduledLater: later, inFlight: inFlight, oldestDueAt: due?[1])
        }
    }

    public func endpointStateCounts(appID: String?) async throws -> EndpointStateCounts {
        try await read { db in
            let row = try Row.fetchOne(db, sql: """
                SELECT COUNT(*), COALESCE(SUM(disabled), 0), COALESCE(SUM(disabled = 0 AND failing_since IS NOT NULL), 0) FROM endpoints
                WHERE ? IS NULL OR app_id = ?
                """, arguments: [appID, appID])
            return EndpointStateCounts(total: row?[0] ?? 0, disabled: row?[1] ?? 0, failing: row?[2] ?? 0)
        }
    }

    public func unhealthyEndpoints(appID: String?, limit: Int) async throws -> [UnhealthyEndpoint] {
        try await read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM endpoints WHERE (? IS NULL OR app_id = ?) AND (disabled = 1 OR failing_since IS NOT NULL)
                ORDER BY disabled, failing_since, id LIMIT ?
                """, arguments: [appID, appID, limit]).map { UnhealthyEndpoint(endpoint: EndpointRecord(row: $0), failingSince: $0["failing_since"]) }
        }
    }

    public func deleteExpiredStatistics(minutesBefore: Int64, hoursBefore: Int64) async throws -> Int {
        // Counts still in memory are written first, so that none lands in a bucket after it expired.
        await flushMessageCounts()
        return try await write { db in
            var deleted = 0
            for (granularity, before) in [(StatisticsGranularity.minute, minutesBefore), (.hour, hoursBefore)] {
                for table in ["attempt_stats", "message_stats"] {
                    try db.execute(sql: "DELETE FROM \(table) WHERE bucket_ms = ? AND bucket_start < ?", arguments: [granularity.rawValue, before])
                    deleted += db.changesCount
                }
            }
            return deleted
        }
    }
}
