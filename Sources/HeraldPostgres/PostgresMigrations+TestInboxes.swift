import PostgresNIO

extension PostgresMigrations {
    /// Version 4: test inboxes on the server itself and the requests they received (bounded
    /// per inbox by the writer; gone with their inbox). Any process may receive a request for
    /// an inbox another created.
    static let testInboxes = Migration(version: 4, name: "test inboxes", statements: [
        """
        CREATE TABLE test_inboxes (
            id TEXT COLLATE "C" PRIMARY KEY,
            secret TEXT NOT NULL,
            created_at BIGINT NOT NULL,
            expires_at BIGINT NOT NULL
        )
        """,
        "CREATE INDEX test_inboxes_by_expiry ON test_inboxes(expires_at)",
        """
        CREATE TABLE test_inbox_requests (
            id TEXT COLLATE "C" PRIMARY KEY,
            inbox_id TEXT COLLATE "C" NOT NULL REFERENCES test_inboxes(id) ON DELETE CASCADE,
            received_at BIGINT NOT NULL,
            path TEXT NOT NULL,
            headers TEXT NOT NULL,
            body BYTEA NOT NULL,
            body_bytes INTEGER NOT NULL,
            verified BOOLEAN NOT NULL,
            failed_check TEXT
        )
        """,
        "CREATE INDEX test_inbox_requests_by_inbox ON test_inbox_requests(inbox_id, id)",
    ])
}
