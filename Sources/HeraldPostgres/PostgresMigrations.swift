import Logging
import PostgresNIO

/// The schema, as numbered migrations applied in order, each in its own transaction, under an
/// advisory lock so that processes starting together apply each one once. Applied versions are
/// kept in `herald_migrations`. Never edit one that has shipped; add the next.
///
/// Text ids compare in byte order (`COLLATE "C"`) whatever the database's locale: lists are
/// ordered and paged by id, and ids sort by creation time only byte by byte.
enum PostgresMigrations {
    struct Migration {
        let version: Int
        let name: String
        let statements: [PostgresQuery]
    }

    /// The lock key migrations hold (an arbitrary constant: "herald" in ASCII).
    static let lockKey: Int64 = 0x6865_7261_6C64

    static let all: [Migration] = [
        Migration(version: 1, name: "schema", statements: [
            """
            CREATE TABLE settings (
                key TEXT COLLATE "C" PRIMARY KEY,
                value TEXT NOT NULL
            )
            """,
            """
            CREATE TABLE applications (
                id TEXT COLLATE "C" PRIMARY KEY,
                uid TEXT COLLATE "C" UNIQUE,
                name TEXT NOT NULL,
                metadata TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL
            )
            """,
            """
            CREATE TABLE event_types (
                seq BIGSERIAL PRIMARY KEY,
                name TEXT COLLATE "C" NOT NULL UNIQUE,
                description TEXT NOT NULL,
                schema TEXT,
                deprecated BOOLEAN NOT NULL,
                version TEXT,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL
            )
            """,
            """
            CREATE TABLE endpoints (
                id TEXT COLLATE "C" PRIMARY KEY,
                app_id TEXT COLLATE "C" NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
                url TEXT NOT NULL,
                description TEXT NOT NULL,
                all_event_types BOOLEAN NOT NULL,
                disabled BOOLEAN NOT NULL,
                rate_limit INTEGER,
                headers TEXT NOT NULL,
                retry_schedule TEXT,
                batch_max_events INTEGER,
                batch_max_wait_ms INTEGER,
                timeout_ms INTEGER,
                failing_since BIGINT,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX endpoints_by_app ON endpoints(app_id, id)",
            """
            CREATE TABLE endpoint_event_types (
                endpoint_id TEXT COLLATE "C" NOT NULL REFERENCES endpoints(id) ON DELETE CASCADE,
                event_type TEXT COLLATE "C" NOT NULL,
                position INTEGER NOT NULL,
                PRIMARY KEY (endpoint_id, event_type)
            )
            """,
            """
            CREATE TABLE endpoint_secrets (
                endpoint_id TEXT COLLATE "C" NOT NULL REFERENCES endpoints(id) ON DELETE CASCADE,
                key TEXT NOT NULL,
                expires_at BIGINT,
                created_at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX endpoint_secrets_by_endpoint ON endpoint_secrets(endpoint_id)",
            """
            CREATE TABLE messages (
                id TEXT COLLATE "C" PRIMARY KEY,
                app_id TEXT COLLATE "C" NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
                event_type TEXT COLLATE "C" NOT NULL,
                event_id TEXT COLLATE "C",
                version TEXT,
                payload BYTEA NOT NULL,
                created_at BIGINT NOT NULL,
                UNIQUE (app_id, event_id)
            )
            """,
            "CREATE INDEX messages_by_app ON messages(app_id, id)",
            """
            CREATE TABLE idempotency_keys (
                app_id TEXT COLLATE "C" NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
                key TEXT COLLATE "C" NOT NULL,
                request_hash BYTEA NOT NULL,
                outcome TEXT NOT NULL,
                message_id TEXT COLLATE "C" NOT NULL,
                created_at BIGINT NOT NULL,
                PRIMARY KEY (app_id, key)
            )
            """,
            """
            CREATE TABLE deliveries (
                id BIGSERIAL PRIMARY KEY,
                message_id TEXT COLLATE "C" NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
                endpoint_id TEXT COLLATE "C" NOT NULL,
                status TEXT NOT NULL,
                attempts INTEGER NOT NULL,
                next_attempt_at BIGINT NOT NULL,
                created_at BIGINT NOT NULL,
                lease_until BIGINT,
                lease_owner TEXT,
                manual BOOLEAN NOT NULL DEFAULT FALSE,
                last_attempt_at BIGINT,
                batch_id TEXT COLLATE "C",
                resend_at BIGINT,
                UNIQUE (message_id, endpoint_id)
            )
            """,
            "CREATE INDEX deliveries_waiting ON deliveries(next_attempt_at) WHERE status IN ('pending', 'failed')",
            "CREATE INDEX deliveries_leased ON deliveries(lease_until) WHERE status = 'in_flight'",
            "CREATE INDEX deliveries_waiting_by_endpoint ON deliveries(endpoint_id, next_attempt_at) WHERE status IN ('pending', 'failed')",
            "CREATE INDEX deliveries_exhausted_by_endpoint ON deliveries(endpoint_id, created_at) WHERE status = 'exhausted'",
            "CREATE INDEX deliveries_by_batch ON deliveries(batch_id) WHERE batch_id IS NOT NULL",
            """
            CREATE TABLE attempts (
                id TEXT COLLATE "C" PRIMARY KEY,
                delivery_id BIGINT NOT NULL,
                message_id TEXT COLLATE "C" NOT NULL,
                endpoint_id TEXT COLLATE "C" NOT NULL,
                app_id TEXT COLLATE "C" NOT NULL,
                attempt_number INTEGER NOT NULL,
                trigger TEXT NOT NULL,
                succeeded BOOLEAN NOT NULL,
                started_at BIGINT NOT NULL,
                duration_ms BIGINT NOT NULL,
                response_status INTEGER,
                error_kind TEXT,
                error_message TEXT,
                response_body BYTEA NOT NULL,
                response_content_type TEXT,
                batch_id TEXT COLLATE "C"
            )
            """,
            "CREATE INDEX attempts_by_message ON attempts(message_id, id)",
            "CREATE INDEX attempts_by_endpoint ON attempts(endpoint_id, id)",
        ]),
        shares,
        changes,
        testInboxes,
        statistics,
        alerts,
        applicationStatistics,
        portalLinks,
    ]

    /// Applies every migration not yet applied, over one connection, holding the migrations'
    /// advisory lock throughout (released when the connection closes, should this fail).
    static func migrate(_ connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query("SELECT pg_advisory_lock(\(lockKey))", logger: logger)
        try await connection.query("""
            CREATE TABLE IF NOT EXISTS herald_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())
            """, logger: logger)
        var applied = Set<Int>()
        for try await version in try await connection.query("SELECT version FROM herald_migrations", logger: logger).decode(Int.self) {
            applied.insert(version)
        }
        for migration in all where !applied.contains(migration.version) {
            try await connection.withTransaction(logger: logger) { connection in
                for statement in migration.statements {
                    try await connection.query(statement, logger: logger)
                }
                try await connection.query("INSERT INTO herald_migrations (version, name) VALUES (\(migration.version), \(migration.name))", logger: logger)
            }
        }
        try await connection.query("SELECT pg_advisory_unlock(\(lockKey))", logger: logger)
    }
}
