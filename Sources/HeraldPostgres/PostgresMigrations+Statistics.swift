import HeraldStore
import PostgresNIO

extension PostgresMigrations {
    /// Version 5: per-minute and per-hour counts of attempts (by outcome class and latency bin)
    /// and of accepted messages, written with what they count, so that statistics never scan
    /// history; every process adds to the same rows.
    static let statistics = Migration(version: 5, name: "statistics", statements: [
        """
        CREATE TABLE attempt_stats (
            endpoint_id TEXT COLLATE "C" NOT NULL,
            app_id TEXT COLLATE "C" NOT NULL,
            bucket_ms BIGINT NOT NULL,
            bucket_start BIGINT NOT NULL,
            \(unescaped: PostgresStatistics.sumColumns.map { "\($0) BIGINT NOT NULL DEFAULT 0," }.joined(separator: "\n    "))
            last_success_at BIGINT,
            last_failure_at BIGINT,
            last_failure_attempt TEXT,
            last_failure_status INTEGER,
            last_failure_error TEXT,
            last_failure_message TEXT,
            PRIMARY KEY (endpoint_id, bucket_ms, bucket_start)
        )
        """,
        "CREATE INDEX attempt_stats_by_app ON attempt_stats(app_id, bucket_ms, bucket_start)",
        "CREATE INDEX attempt_stats_by_time ON attempt_stats(bucket_ms, bucket_start)",
        """
        CREATE TABLE message_stats (
            app_id TEXT COLLATE "C" NOT NULL,
            bucket_ms BIGINT NOT NULL,
            bucket_start BIGINT NOT NULL,
            messages BIGINT NOT NULL,
            PRIMARY KEY (app_id, bucket_ms, bucket_start)
        )
        """,
        "CREATE INDEX message_stats_by_time ON message_stats(bucket_ms, bucket_start)",
    ])
}

extension PostgresMigrations {
    /// Version 7: an application's and the server's figures read one row per application and
    /// bucket instead of one per endpoint; the applications' rows are made from the endpoints'
    /// rows already there.
    static let applicationStatistics = Migration(version: 7, name: "application statistics", statements: [
        """
        INSERT INTO attempt_stats (endpoint_id, app_id, bucket_ms, bucket_start, \(unescaped: PostgresStatistics.sumColumns.joined(separator: ", ")),
                                   last_success_at, last_failure_at)
        SELECT '*' || app_id, app_id, bucket_ms, bucket_start, \(unescaped: PostgresStatistics.sumColumns.map { "SUM(\($0))" }.joined(separator: ", ")),
               MAX(last_success_at), MAX(last_failure_at)
        FROM attempt_stats WHERE NOT \(unescaped: PostgresStatistics.isApplicationRow) GROUP BY app_id, bucket_ms, bucket_start
        """,
        "CREATE INDEX attempt_stats_applications_by_time ON attempt_stats(bucket_ms, bucket_start) WHERE \(unescaped: PostgresStatistics.isApplicationRow)",
    ])
}
