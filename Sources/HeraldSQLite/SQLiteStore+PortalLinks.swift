import GRDB
import HeraldStore

extension SQLiteStore {
    public func createPortalLink(_ link: PortalLinkRecord) async throws {
        try await write(missing: "application \(link.appID) does not exist") { db in
            try db.execute(sql: "INSERT INTO portal_links (id, app_id, created_at, expires_at, revoked_at) VALUES (?, ?, ?, ?, ?)",
                           arguments: [link.id, link.appID, link.createdAt, link.expiresAt, link.revokedAt])
        }
    }

    public func portalLink(id: String) async throws -> PortalLinkRecord? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM portal_links WHERE id = ?", arguments: [id]).map(Self.portalLink)
        }
    }

    public func listPortalLinks(appID: String, _ page: PageRequest) async throws -> Page<PortalLinkRecord> {
        try await read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM portal_links WHERE app_id = ? AND (? IS NULL OR id < ?) ORDER BY id DESC LIMIT ?
                """, arguments: [appID, page.after, page.after, page.limit + 1])
                .paged(limit: page.limit, key: { $0["id"] }, map: Self.portalLink)
        }
    }

    public func revokePortalLink(appID: String, id: String, at: Int64) async throws -> Bool {
        try await write { db in
            try db.execute(sql: "UPDATE portal_links SET revoked_at = COALESCE(revoked_at, ?) WHERE app_id = ? AND id = ?",
                           arguments: [at, appID, id])
            return db.changesCount > 0
        }
    }

    public func deleteExpiredPortalLinks(before: Int64) async throws -> Int {
        try await write { db in
            try db.execute(sql: "DELETE FROM portal_links WHERE expires_at < ?", arguments: [before])
            return db.changesCount
        }
    }

    private static func portalLink(_ row: Row) -> PortalLinkRecord {
        PortalLinkRecord(id: row["id"], appID: row["app_id"], createdAt: row["created_at"], expiresAt: row["expires_at"], revokedAt: row["revoked_at"])
    }
}
