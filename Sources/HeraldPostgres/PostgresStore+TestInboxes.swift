import HeraldStore
import NIOCore
import PostgresNIO

extension PostgresStore {
    public func createTestInbox(_ inbox: TestInboxRecord) async throws {
        try await query("""
            INSERT INTO test_inboxes (id, secret, created_at, expires_at) VALUES (\(inbox.id), \(inbox.secret), \(inbox.createdAt), \(inbox.expiresAt))
            """)
    }

    public func testInbox(id: String) async throws -> TestInboxRecord? {
        try await query("SELECT id, secret, created_at, expires_at FROM test_inboxes WHERE id = \(id)")
            .decode((String, String, Int64, Int64).self)
            .first { _ in true }
            .map { TestInboxRecord(id: $0.0, secret: $0.1, createdAt: $0.2, expiresAt: $0.3) }
    }

    public func recordInboxRequest(_ request: InboxRequestRecord, keep: Int) async throws {
        // One statement: the insert, then the inbox's requests beyond the newest `keep` go
        // (the insert's row counts among them: a data-modifying CTE runs to completion first).
        try await query("""
            WITH stored AS (
                INSERT INTO test_inbox_requests (id, inbox_id, received_at, path, headers, body, body_bytes, verified, failed_check)
                VALUES (\(request.id), \(request.inboxID), \(request.receivedAt), \(request.path), \(StoredText.encode(request.headers)),
                        \(ByteBuffer(bytes: request.body)), \(request.bodyBytes), \(request.verified), \(request.failedCheck))
                RETURNING id)
            DELETE FROM test_inbox_requests WHERE inbox_id = \(request.inboxID) AND id NOT IN (
                SELECT id FROM (SELECT id FROM test_inbox_requests WHERE inbox_id = \(request.inboxID)
                                UNION SELECT id FROM stored) AS kept ORDER BY id DESC LIMIT \(keep))
            """, missing: "test inbox \(request.inboxID) does not exist")
    }

    public func listInboxRequests(inboxID: String, _ page: PageRequest) async throws -> Page<InboxRequestRecord> {
        let rows = try await query("""
            SELECT id, inbox_id, received_at, path, headers, body, body_bytes, verified, failed_check FROM test_inbox_requests
            WHERE inbox_id = \(inboxID) AND (\(page.after)::text IS NULL OR id < \(page.after)) ORDER BY id DESC LIMIT \(page.limit + 1)
            """).decode((String, String, Int64, String, String, ByteBuffer, Int, Bool, String?).self)
        return rows.paged(limit: page.limit, key: { $0.0 }) { row in
            InboxRequestRecord(id: row.0, inboxID: row.1, receivedAt: row.2, path: row.3, headers: StoredText.decodeHeaders(row.4),
                               body: Array(row.5.readableBytesView), bodyBytes: row.6, verified: row.7, failedCheck: row.8)
        }
    }

    public func deleteExpiredTestInboxes(before: Int64) async throws -> Int {
        try await query("DELETE FROM test_inboxes WHERE expires_at < \(before) RETURNING id").count
    }
}
