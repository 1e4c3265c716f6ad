import HeraldStore
import GRDB

/// The versioned schema of the SQLite store. Migrations only ever get appended: a database
/// created by any earlier Herald is brought forward at start.
enum SQLiteMigrations {
    static func migrator() -> DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-core") { db in
            try db.execute(sql: """
                CREATE TABLE settings (
                    key TEXT PRIMARY KEY NOT NULL,
                    value TEXT NOT NULL
                );
                CREATE TABLE applications (
                    id TEXT PRIMARY KEY NOT NULL,
                    uid TEXT UNIQUE,
                    name TEXT NOT NULL,
                    metadata TEXT NOT NULL,
                    created_at INTEGER NOT NULL,
                    updated_at INTEGER NOT NULL
                );
                CREATE TABLE event_types (
                    seq INTEGER PRIMARY KEY,
                    name TEXT NOT NULL UNIQUE,
                    description TEXT NOT NULL,
                    schema TEXT,
                    deprecated INTEGER NOT NULL,
                    version TEXT,
                    created_at INTEGER NOT NULL,
                    updated_at INTEGER NOT NULL
                );
                CREATE TABLE endpoints (
                    id TEXT PRIMARY KEY NOT NULL,
                    app_id TEXT NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
                    url TEXT NOT NULL,
                    description TEXT NOT NULL,
                    all_event_types INTEGER NOT NULL,
                    disabled INTEGER NOT NULL,
                    rate_limit INTEGER,
                    headers TEXT NOT NULL,
                    created_at INTEGER NOT NULL,
                    updated_at INTEGER NOT NULL
                );
                CREATE INDEX endpoints_by_app ON endpoints(app_id, id);
                CREATE TABLE endpoint_event_types (
                    endpoint_id TEXT NOT NULL REFERENCES endpoints(id) ON DELETE CASCADE,
                    event_type TEXT NOT NULL,
                    position INTEGER NOT NULL,
                    PRIMARY KEY (endpoint_id, event_type)
                ) WITHOUT ROWID;
                CREATE TABLE endpoint_secrets (
                    endpoint_id TEXT NOT NULL REFERENCES endpoints(id) ON DELETE CASCADE,
                    key TEXT NOT NULL,
                    expires_at INTEGER,
                    created_at INTEGER NOT NULL
                );
                CREATE INDEX endpoint_secrets_by_endpoint ON endpoint_secrets(endpoint_id);
                CREATE TABLE messages (
                    id TEXT PRIMARY KEY NOT NULL,
                    app_id TEXT NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
                    event_type TEXT NOT NULL,
                    event_id TEXT,
                    version TEXT,
                    payload BLOB NOT NULL,
                    created_at INTEGER NOT NULL,
                    UNIQUE (app_id, event_id)
                );
                CREATE INDEX messages_by_app ON messages(app_id, id);
                CREATE TABLE deliveries (
                    id INTEGER PRIMARY KEY,
                    message_id TEXT NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
                    endpoint_id TEXT NOT NULL REFERENCES endpoints(id) ON DELETE CASCADE,
                    status TEXT NOT NULL,
                    attempts INTEGER NOT NULL,
                    next_attempt_at INTEGER NOT NULL,
                    created_at INTEGER NOT NULL,
                    UNIQUE (message_id, endpoint_id)
                );
                CREATE INDEX deliveries_by_endpoint ON deliveries(endpoint_id);
                CREATE TABLE idempotency_keys (
                    app_id TEXT NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
                    key TEXT NOT NULL,
                    request_hash BLOB NOT NULL,
                    outcome TEXT NOT NULL,
                    message_id TEXT NOT NULL,
                    created_at INTEGER NOT NULL,
                    PRIMARY KEY (app_id, key)
                ) WITHOUT ROWID;
                """)
        }
        migrator.registerMigration("v2-delivery") { db in
            try db.execute(sql: """
                ALTER TABLE deliveries ADD COLUMN lease_until INTEGER;
                ALTER TABLE deliveries ADD COLUMN manual INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE deliveries ADD COLUMN last_attempt_at INTEGER;
                CREATE INDEX deliveries_waiting ON deliveries(next_attempt_at) WHERE status IN ('pending', 'failed');
                CREATE INDEX deliveries_leased ON deliveries(lease_until) WHERE status = 'in_flight';
                ALTER TABLE endpoints ADD COLUMN failing_since INTEGER;
                ALTER TABLE endpoints ADD COLUMN retry_schedule TEXT;
                CREATE TABLE attempts (
                    id TEXT PRIMARY KEY NOT NULL,
                    delivery_id INTEGER NOT NULL REFERENCES deliveries(id) ON DELETE CASCADE,
                    message_id TEXT NOT NULL,
                    endpoint_id TEXT NOT NULL,
                    app_id TEXT NOT NULL,
                    attempt_number INTEGER NOT NULL,
                    trigger TEXT NOT NULL,
                    succeeded INTEGER NOT NULL,
                    started_at INTEGER NOT NULL,
                    duration_ms INTEGER NOT NULL,
                    response_status INTEGER,
                    error_kind TEXT,
                    error_message TEXT,
                    response_body BLOB NOT NULL,
                    response_content_type TEXT
                );
                CREATE INDEX attempts_by_message ON attempts(message_id, id);
                CREATE INDEX attempts_by_endpoint ON attempts(endpoint_id, id);
                CREATE INDEX attempts_by_delivery ON attempts(delivery_id);
                CREATE INDEX messages_by_time ON messages(created_at);
                """)
        }
        migrator.registerMigration("v3-claim-by-endpoint") { db in
            // Lets a claim that skips saturated endpoints walk only the other endpoints' due
            // rows, instead of stepping over a backlog of the skipped ones.
            try db.execute(sql: """
                CREATE INDEX deliveries_waiting_by_endpoint ON deliveries(endpoint_id, next_attempt_at) WHERE status IN ('pending', 'failed');
                """)
        }
        migrator.registerMigration("v4-retention-by-id") { db in
            // Message ids sort by creation time, so retention deletes by primary key; one index
            // fewer to write on every accepted message.
            try db.execute(sql: "DROP INDEX messages_by_time")
        }
        migrator.registerMigration("v5-attempts-without-delivery-key") { db in
            // Attempts are history: they no longer hang off their delivery row by a foreign key
            // (one index fewer to write per attempt). They go with their message (retention) or
            // their endpoint (deletion), through the indexes those lookups have anyway.
            try db.execute(sql: """
                CREATE TABLE attempts_v5 (
                    id TEXT PRIMARY KEY NOT NULL,
                    delivery_id INTEGER NOT NULL,
                    message_id TEXT NOT NULL,
                    endpoint_id TEXT NOT NULL,
                    app_id TEXT NOT NULL,
                    attempt_number INTEGER NOT NULL,
                    trigger TEXT NOT NULL,
                    succeeded INTEGER NOT NULL,
                    started_at INTEGER NOT NULL,
                    duration_ms INTEGER NOT NULL,
                    response_status INTEGER,
                    error_kind TEXT,
                    error_message TEXT,
                    response_body BLOB NOT NULL,
                    response_content_type TEXT
                );
                INSERT INTO attempts_v5 SELECT * FROM attempts;
                DROP TABLE attempts;
                ALTER TABLE attempts_v5 RENAME TO attempts;
                CREATE INDEX attempts_by_message ON attempts(message_id, id);
                CREATE INDEX attempts_by_endpoint ON attempts(endpoint_id, id);
                """)
        }
        migrator.registerMigration("v6-deliveries-without-endpoint-key") { db in
            // Every index that leads with the endpoint has one insertion point per endpoint, so a
            // commit of accepted messages rewrote one leaf page per endpoint for it. The plain
            // endpoint index existed only for the foreign key's cascade; an endpoint's waiting,
            // leased and exhausted deliveries have their own (partial) indexes, and its history
            // goes with its messages (retention, or deleting the application).
            try db.execute(sql: """
                CREATE TABLE deliveries_v6 (
                    id INTEGER PRIMARY KEY,
                    message_id TEXT NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
                    endpoint_id TEXT NOT NULL,
                    status TEXT NOT NULL,
                    attempts INTEGER NOT NULL,
                    next_attempt_at INTEGER NOT NULL,
                    created_at INTEGER NOT NULL,
                    lease_until INTEGER,
                    manual INTEGER NOT NULL DEFAULT 0,
                    last_attempt_at INTEGER,
                    UNIQUE (message_id, endpoint_id)
                );
                INSERT INTO deliveries_v6 (id, message_id, endpoint_id, status, attempts, next_attempt_at, created_at, lease_until, manual, last_attempt_at)
                    SELECT id, message_id, endpoint_id, status, attempts, next_attempt_at, created_at, lease_until, manual, last_attempt_at FROM deliveries;
                DROP TABLE deliveries;
                ALTER TABLE deliveries_v6 RENAME TO deliveries;
                CREATE INDEX deliveries_waiting ON deliveries(next_attempt_at) WHERE status IN ('pending', 'failed');
                CREATE INDEX deliveries_leased ON deliveries(lease_until) WHERE status = 'in_flight';
                CREATE INDEX deliveries_waiting_by_endpoint ON deliveries(endpoint_id, next_attempt_at) WHERE status IN ('pending', 'failed');
                CREATE INDEX deliveries_exhausted_by_endpoint ON deliveries(endpoint_id, created_at) WHERE status = 'exhausted';
                """)
        }
        migrator.registerMigration("v7-batches-and-timeouts") { db in
            // Batched delivery and per-endpoint timeouts. A delivery's batch is fixed at the
            // batch's first request; its index holds batched deliveries only, so unbatched
            // endpoints write nothing more per message. Attempts keep the batch they were part of.
            try db.execute(sql: """
                ALTER TABLE endpoints ADD COLUMN batch_max_events INTEGER;
                ALTER TABLE endpoints ADD COLUMN batch_max_wait_ms INTEGER;
                ALTER TABLE endpoints ADD COLUMN timeout_ms INTEGER;
                ALTER TABLE deliveries ADD COLUMN batch_id TEXT;
                CREATE INDEX deliveries_by_batch ON deliveries(batch_id) WHERE batch_id IS NOT NULL;
                ALTER TABLE attempts ADD COLUMN batch_id TEXT;
                """)
        }
        migrator.registerMigration("v8-resend-while-in-flight") { db in
            // A resend asked for while an attempt is on the wire: when that attempt is recorded,
            // the delivery is due again at this time (a manual attempt) whatever the attempt's
            // outcome, instead of the resend being absorbed by it.
            try db.execute(sql: "ALTER TABLE deliveries ADD COLUMN resend_at INTEGER")
        }
        migrator.registerMigration("v9-test-inboxes") { db in
            // Test inboxes on the server itself and the requests they received (bounded per
            // inbox by the writer; gone with their inbox).
            try db.execute(sql: """
                CREATE TABLE test_inboxes (
                    id TEXT PRIMARY KEY,
                    secret TEXT NOT NULL,
                    created_at INTEGER NOT NULL,
                    expires_at INTEGER NOT NULL
                );
                CREATE INDEX test_inboxes_by_expiry ON test_inboxes(expires_at);
                CREATE TABLE test_inbox_requests (
                    id TEXT PRIMARY KEY,
                    inbox_id TEXT NOT NULL REFERENCES test_inboxes(id) ON DELETE CASCADE,
                    received_at INTEGER NOT NULL,
                    path TEXT NOT NULL,
                    headers TEXT NOT NULL,
                    body BLOB NOT NULL,
                    body_bytes INTEGER NOT NULL,
                    verified INTEGER NOT NULL,
                    failed_check TEXT
                );
                CREATE INDEX test_inbox_requests_by_inbox ON test_inbox_requests(inbox_id, id);
                """)
        }
        migrator.registerMigration("v10-statistics") { db in
            // Per-minute and per-hour counts of attempts (by outcome class and latency bin) and
            // of accepted messages, written with what they count: statistics never scan history.
            try db.execute(sql: SQLiteStatistics.schema)
        }
        migrator.registerMigration("v11-alerts") { db in
            // Alert rules, and each rule's alerts by subject: whether it fires, since when.
            try db.execute(sql: SQLiteStore.alertSchema)
        }
        migrator.registerMigration("v12-application-statistics") { db in
            // An application's and the server's figures read one row per application and bucket
            // instead of one per endpoint: at a thousand endpoints, a week's figures went from
            // 168,000 rows to 168.
            try db.execute(sql: SQLiteStatistics.applicationRows)
        }
        migrator.registerMigration("v13-portal-links") { db in
            // Links to one application's portal: which application, until when, revoked or not
            // (the link's signature covers its id and expiry). Gone with their application.
            try db.execute(sql: """
                CREATE TABLE portal_links (
                    id TEXT PRIMARY KEY,
                    app_id TEXT NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
                    created_at INTEGER NOT NULL,
                    expires_at INTEGER NOT NULL,
                    revoked_at INTEGER
                );
                CREATE INDEX portal_links_by_app ON portal_links(app_id, id);
                CREATE INDEX portal_links_by_expiry ON portal_links(expires_at);
                """)
        }
        return migrator
    }
}
