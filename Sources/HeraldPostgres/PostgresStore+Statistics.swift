import Foundation
import HeraldStore
import PostgresNIO
import Synchronization

/// Statistics on PostgreSQL: the same buckets as on SQLite. Attempts are counted by the
/// statement that records them; accepted messages are counted in memory and added once a
/// second (a per-message upsert would make every accept of one application wait for the
/// others' commits on the same row), so a process killed with `kill -9` may lose its last
/// second of message counts, never a message.
enum PostgresStatistics {
    /// The outcome count columns, in ``AttemptOutcomeClass/allCases`` order.
    static let outcomeColumns = AttemptOutcomeClass.allCases.map { "c_\($0.rawValue)" }
    /// The latency bin columns, in bin order.
    static let latencyColumns = (0..<LatencyHistogram.binCount).map { "l_\($0)" }
    /// Every column that is added to.
    static let sumColumns = outcomeColumns + latencyColumns + ["duration_ms_total"]
    /// The condition of an application's row (the partial index of migration 7 has the same).
    static let isApplicationRow = "substr(endpoint_id, 1, 1) = '*'"

    static let failureColumns = ["last_failure_attempt", "last_failure_status", "last_failure_error", "last_failure_message"]

    /// A data-modifying CTE (for the statement that records attempts) that adds the rows in
    /// the JSON array bound as `$parameter` (see ``rowsJSON(_:)``).
    static func countingCTE(parameter: Int) -> String {
        let columns = ["endpoint_id", "app_id", "bucket_ms", "bucket_start"] + sumColumns + ["last_success_at", "last_failure_at"] + failureColumns
        let types = ["text", "text", "bigint", "bigint"] + sumColumns.map { _ in "bigint" } + ["bigint", "bigint", "text", "int", "text", "text"]
        let newer = "excluded.last_failure_at >= COALESCE(s.last_failure_at, excluded.last_failure_at)"
        return """
            counted AS (
                INSERT INTO attempt_stats AS s (\(columns.joined(separator: ", ")))
                SELECT \(columns.map { "r.\($0)" }.joined(separator: ", "))
                FROM jsonb_to_recordset($\(parameter)::jsonb) AS r(\(zip(columns, types).map { "\($0) \($1)" }.joined(separator: ", ")))
                ON CONFLICT (endpoint_id, bucket_ms, bucket_start) DO UPDATE SET
                \(sumColumns.map { "\($0) = s.\($0) + excluded.\($0)" }.joined(separator: ", ")),
                last_success_at = GREATEST(s.last_success_at, excluded.last_success_at),
                \(failureColumns.map { "\($0) = CASE WHEN \(newer) THEN excluded.\($0) ELSE s.\($0) END" }.joined(separator: ", ")),
                last_failure_at = GREATEST(s.last_failure_at, excluded.last_failure_at)
            )
            """
    }

    /// The statistics rows of `attempts`, as the JSON array ``countingCTE(parameter:)`` reads.
    static func rowsJSON(_ attempts: [AttemptRecord]) -> String {
        let rows: [[String: Any]] = StatisticsRollup.attemptRows(attempts).map { row in
            var object: [String: Any] = [
                "endpoint_id": row.endpointID, "app_id": row.appID, "bucket_ms": row.granularity.rawValue, "bucket_start": row.bucket.start,
                "duration_ms_total": row.bucket.durationTotalMilliseconds,
            ]
            for (column, count) in zip(outcomeColumns, row.bucket.outcomes) { object[column] = count }
            for (column, count) in zip(latencyColumns, row.bucket.latencyBins) { object[column] = count }
            if let at = row.lastSuccessAt { object["last_success_at"] = at }
            if let failure = row.lastFailure {
                object["last_failure_at"] = failure.at
                object["last_failure_attempt"] = failure.attemptID
                if let status = failure.status { object["last_failure_status"] = status }
                if let kind = failure.errorKind { object["last_failure_error"] = kind }
                if let message = failure.message { object["last_failure_message"] = message }
            }
            return object
        }
        guard let data = try? JSONSerialization.data(withJSONObject: rows) else { return "[]" }
        return String(decoding: data, as: UTF8.self)
    }
}

extension PostgresStore {
    /// Counts accepted messages until the next flush (see ``flushMessageCounts()``).
    func countAcceptedMessage(appID: String, now: Int64) {
        pendingMessageCounts.add(appIDs: [appID], now: now)
    }

    /// Adds the messages counted since the last flush to `message_stats`, once a second until
    /// cancelled, and once more then.
    func flushMessageCountsEverySecond() async {
        while !Task.isCancelled {
            try? await Task.sleep(for: .seconds(1))
            await flushMessageCounts()
        }
    }

    /// Adds the messages counted since the last flush to `message_stats`, in one statement; on
    /// failure they are kept for the next one.
    func flushMessageCounts() async {
        let rows = pendingMessageCounts.take()
        guard !rows.isEmpty else { return }
        do {
            try await query("""
                INSERT INTO message_stats AS s (app_id, bucket_ms, bucket_start, messages)
                SELECT * FROM unnest(\(rows.map(\.appID))::text[], \(rows.map(\.granularity.rawValue))::bigint[], \(rows.map(\.start))::bigint[],
                                     \(rows.map { Int64($0.messages) })::bigint[])
                ON CONFLICT (app_id, bucket_ms, bucket_start) DO UPDATE SET messages = s.messages + excluded.messages
                """, bookkeeping: true)
        } catch {
            pendingMessageCounts.restore(rows)
            logger.warning("could not write message statistics; keeping them for the next try", metadata: ["error": "\(error)"])
        }
    }

    public func statistics(_ scope: StatisticsScope, granularity: StatisticsGranularity, from: Int64, until: Int64) async throws -> [StatisticsBucket] {
        // An application's and the server's attempts come from the applications' rows (one per
        // bucket each, see StatisticsRollup.applicationRowPrefix), not from their endpoints'.
        let (rowID, subject): (String?, String?) = switch scope {
        case .endpoint(let id): (id, id)
        case .application(let id): (StatisticsRollup.applicationRowPrefix + id, id)
        case .server: (nil, nil)
        }
        let byEndpoint: Bool = if case .endpoint = scope { true } else { false }
        let byApplication: Bool = if case .application = scope { true } else { false }
        let sums = PostgresStatistics.sumColumns.map { "SUM(\($0))::bigint" }.joined(separator: ", ")
        let attemptQuery: PostgresQuery = rowID.map { rowID in """
            SELECT bucket_start, \(unescaped: sums) FROM attempt_stats
            WHERE endpoint_id = \(rowID) AND bucket_ms = \(granularity.rawValue) AND bucket_start BETWEEN \(from) AND \(until)
            GROUP BY bucket_start
            """ } ?? """
            SELECT bucket_start, \(unescaped: sums) FROM attempt_stats
            WHERE bucket_ms = \(granularity.rawValue) AND bucket_start BETWEEN \(from) AND \(until) AND \(unescaped: PostgresStatistics.isApplicationRow)
            GROUP BY bucket_start
            """
        var buckets = [Int64: StatisticsBucket]()
        let outcomeCount = PostgresStatistics.outcomeColumns.count
        let latencyCount = PostgresStatistics.latencyColumns.count
        for row in try await query(attemptQuery) {
            let cells = row.makeRandomAccess()
            let start = try cells[0].decode(Int64.self)
            let values = try (1..<cells.count).map { try cells[$0].decode(Int64.self) }
            buckets[start] = StatisticsBucket(start: start, outcomes: values[0..<outcomeCount].map { Int($0) },
                                              latencyBins: values[outcomeCount..<outcomeCount + latencyCount].map { Int($0) },
                                              durationTotalMilliseconds: values[outcomeCount + latencyCount], messages: 0)
        }
        if !byEndpoint {
            await flushMessageCounts()
            let rows = try await query("""
                SELECT bucket_start, SUM(messages)::bigint FROM message_stats
                WHERE bucket_ms = \(granularity.rawValue) AND bucket_start BETWEEN \(from) AND \(until)
                  AND (NOT \(byApplication) OR app_id = \(subject ?? ""))
                GROUP BY bucket_start
                """).decode((Int64, Int64).self)
            for (start, messages) in rows {
                buckets[start, default: StatisticsBucket(start: start)].messages = Int(messages)
            }
        }
        return buckets.values.sorted { $0.start < $1.start }
    }

    public func endpointActivity(endpointID: String) async throws -> EndpointActivity {
        let hour = StatisticsGranularity.hour.rawValue
        let lastSuccess = try await query("""
            SELECT last_success_at FROM attempt_stats WHERE endpoint_id = \(endpointID) AND bucket_ms = \(hour) AND last_success_at IS NOT NULL
            ORDER BY bucket_start DESC LIMIT 1
            """).decode(Int64.self).first
        let failure = try await query("""
            SELECT last_failure_at, last_failure_attempt, last_failure_status, last_failure_error, last_failure_message FROM attempt_stats
            WHERE endpoint_id = \(endpointID) AND bucket_ms = \(hour) AND last_failure_at IS NOT NULL ORDER BY bucket_start DESC LIMIT 1
            """).decode((Int64, String, Int32?, String?, String?).self).first.map {
            AttemptFailureNote(at: $0.0, attemptID: $0.1, status: $0.2.map(Int.init), errorKind: $0.3, message: $0.4)
        }
        let failingSince = try await query("SELECT failing_since FROM endpoints WHERE id = \(endpointID)").decode(Int64?.self).first ?? nil
        return EndpointActivity(lastSuccessAt: lastSuccess, lastFailure: failure, failingSince: failingSince)
    }

    public func endpointAttemptTotals(from: Int64, until: Int64) async throws -> [EndpointAttemptTotals] {
        try await query("""
            SELECT endpoint_id, app_id, SUM(\(unescaped: PostgresStatistics.outcomeColumns.joined(separator: " + ")))::bigint, SUM(c_2xx)::bigint FROM attempt_stats
            WHERE bucket_ms = \(StatisticsGranularity.minute.rawValue) AND bucket_start BETWEEN \(from) AND \(until)
              AND NOT \(unescaped: PostgresStatistics.isApplicationRow)
            GROUP BY endpoint_id, app_id ORDER BY endpoint_id
            """).decode((String, String, Int64, Int64).self).map {
            EndpointAttemptTotals(endpointID: $0.0, appID: $0.1, attempts: Int($0.2), succeeded: Int($0.3))
        }
    }

    public func applicationMessageTotals(from: Int64, until: Int64) async throws -> [String: Int] {
        await flushMessageCounts()
        let rows = try await query("""
            SELECT app_id, SUM(messages)::bigint FROM message_stats
            WHERE bucket_ms = \(StatisticsGranularity.minute.rawValue) AND bucket_start BETWEEN \(from) AND \(until) GROUP BY app_id
            """).decode((String, Int64).self)
        return Dictionary(rows.map { ($0.0, Int($0.1)) }, uniquingKeysWith: +)
    }

    public func queueDepth(now: Int64) async throws -> QueueDepth {
        let due = try await query("""
            SELECT count(*)::bigint, MIN(next_attempt_at) FROM deliveries WHERE status IN ('pending', 'failed') AND next_attempt_at <= \(now)
            """).decode((Int64, Int64?).self).first
        let later: Int64 = try await query("""
            SELECT count(*)::bigint FROM deliveries WHERE status IN ('pending', 'failed') AND next_attempt_at > \(now)
            """).decode(Int64.self).first.map { $0 } ?? 0
        let inFlight: Int64 = try await query("SELECT count(*)::bigint FROM deliveries WHERE status = 'in_flight' AND lease_until IS NOT NULL")
            .decode(Int64.self).first.map { $0 } ?? 0
        return QueueDepth(dueNow: Int(due?.0 ?? 0), scheduledLater: Int(later), inFlight: Int(inFlight), oldestDueAt: due?.1)
    }

    public func endpointStateCounts(appID: String?) async throws -> EndpointStateCounts {
        let row = try await query("""
            SELECT count(*)::bigint, count(*) FILTER (WHERE disabled)::bigint, count(*) FILTER (WHERE NOT disabled AND failing_since IS NOT NULL)::bigint
            FROM endpoints WHERE \(appID)::text IS NULL OR app_id = \(appID)::text
            """).decode((Int64, Int64, Int64).self).first
        return EndpointStateCounts(total: Int(row?.0 ?? 0), disabled: Int(row?.1 ?? 0), failing: Int(row?.2 ?? 0))
    }

    public func unhealthyEndpoints(appID: String?, limit: Int) async throws -> [UnhealthyEndpoint] {
        let ids = try await query("""
            SELECT id, failing_since FROM endpoints WHERE (\(appID)::text IS NULL OR app_id = \(appID)::text) AND (disabled OR failing_since IS NOT NULL)
            ORDER BY disabled, failing_since, id LIMIT \(limit)
            """).decode((String, Int64?).self)
        let failingSince = Dictionary(ids.map { ($0.0, $0.1) }, uniquingKeysWith: { first, _ in first })
        let rows = try await query("SELECT \(unescaped: Self.endpointColumns) FROM endpoints e WHERE e.id = ANY(\(ids.map(\.0)))").decode(EndpointRow.self)
        let endpoints = Dictionary(rows.map(Self.endpoint).map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        return ids.compactMap { id, _ in endpoints[id].map { UnhealthyEndpoint(endpoint: $0, failingSince: failingSince[id] ?? nil) } }
    }

    public func deleteExpiredStatistics(minutesBefore: Int64, hoursBefore: Int64) async throws -> Int {
        // Counts still in memory are written first, so that none lands in a bucket after it expired.
        await flushMessageCounts()
        var deleted = 0
        for (granularity, before) in [(StatisticsGranularity.minute, minutesBefore), (.hour, hoursBefore)] {
            for table in ["attempt_stats", "message_stats"] {
                let gone: [Int64] = try await query("""
                    WITH gone AS (DELETE FROM \(unescaped: table) WHERE bucket_ms = \(granularity.rawValue) AND bucket_start < \(before) RETURNING 1)
                    SELECT count(*)::bigint FROM gone
                    """, bookkeeping: true).decode(Int64.self)
                deleted += gone.reduce(0) { $0 + Int($1) }
            }
        }
        return deleted
    }
}
