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
        return migrator
    }
}
