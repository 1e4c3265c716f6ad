import Foundation
import GRDB
import HeraldStore

extension SQLiteStore {
    public func createTestInbox(_ inbox: TestInboxRecord) async throws {
        try await write { db in
            try db.execute(sql: "INSERT INTO test_inboxes (id, secret, created_at, expires_at) VALUES (?, ?, ?, ?)",
                           arguments: [inbox.id, inbox.secret, inbox.createdAt, inbox.expiresAt])
        }
    }

    public func testInbox(id: String) async throws -> TestInboxRecord? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM test_inboxes WHERE id = ?", arguments: [id]).map { row in
                TestInboxRecord(id: row["id"], secret: row["secret"], createdAt: row["created_at"], expiresAt: row["expires_at"])
            }
        }
    }

    public func recordInboxRequest(_ request: InboxRequestRecord, keep: Int) async throws {
        try await write(missing: "test inbox \(request.inboxID) does not exist") { db in
            try db.execute(sql: """
                INSERT INTO test_inbox_requests (id, inbox_id, received_at, path, headers, body, body_bytes, verified, failed_check)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [request.id, request.inboxID, request.receivedAt, request.path, StoredText.encode(request.headers),
                                 Data(request.body), request.bodyBytes, request.verified, request.failedCheck])
            try db.execute(sql: """
                DELETE FROM test_inbox_requests WHERE inbox_id = ? AND id NOT IN (
                    SELECT id FROM test_inbox_requests WHERE inbox_id = ? ORDER BY id DESC LIMIT ?)
                """, arguments: [request.inboxID, request.inboxID, keep])
        }
    }

    public func listInboxRequests(inboxID: String, _ page: PageRequest) async throws -> Page<InboxRequestRecord> {
        try await read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM test_inbox_requests WHERE inbox_id = ? AND (? IS NULL OR id < ?) ORDER BY id DESC LIMIT ?
                """, arguments: [inboxID, page.after, page.after, page.limit + 1])
                .paged(limit: page.limit, key: { $0["id"] }, map: Self.inboxRequest)
        }
    }

    public func deleteExpiredTestInboxes(before: Int64) async throws -> Int {
        try await write { db in
            try db.execute(sql: "DELETE FROM test_inboxes WHERE expires_at < ?", arguments: [before])
            return db.changesCount
        }
    }

    private static func inboxRequest(_ row: Row) -> InboxRequestRecord {
        let body: Data = row["body"]
        return InboxRequestRecord(id: row["id"], inboxID: row["inbox_id"], receivedAt: row["received_at"], path: row["path"],
                                  headers: StoredText.decodeHeaders(row["headers"]), body: Array(body), bodyBytes: row["body_bytes"],
                                  verified: row["verified"], failedCheck: row["failed_check"])
    }
}
