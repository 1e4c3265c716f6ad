import HeraldStore
import PostgresNIO

extension PostgresStore {
    public func createPortalLink(_ link: PortalLinkRecord) async throws {
        try await query("""
            INSERT INTO portal_links (id, app_id, created_at, expires_at, revoked_at)
            VALUES (\(link.id), \(link.appID), \(link.createdAt), \(link.expiresAt), \(link.revokedAt))
            """, missing: "application \(link.appID) does not exist")
    }

    public func portalLink(id: String) async throws -> PortalLinkRecord? {
        try await query("SELECT id, app_id, created_at, expires_at, revoked_at FROM portal_links WHERE id = \(id)")
            .decode((String, String, Int64, Int64, Int64?).self)
            .first { _ in true }
            .map(Self.portalLink)
    }

    public func listPortalLinks(appID: String, _ page: PageRequest) async throws -> Page<PortalLinkRecord> {
        let rows = try await query("""
            SELECT id, app_id, created_at, expires_at, revoked_at FROM portal_links
            WHERE app_id = \(appID) AND (\(page.after)::text IS NULL OR id < \(page.after)) ORDER BY id DESC LIMIT \(page.limit + 1)
            """).decode((String, String, Int64, Int64, Int64?).self)
        return rows.paged(limit: page.limit, key: { $0.0 }, map: Self.portalLink)
    }

    public func revokePortalLink(appID: String, id: String, at: Int64) async throws -> Bool {
        try await query("""
            UPDATE portal_links SET revoked_at = COALESCE(revoked_at, \(at)) WHERE app_id = \(appID) AND id = \(id) RETURNING id
            """).count > 0
    }

    public func deleteExpiredPortalLinks(before: Int64) async throws -> Int {
        try await query("DELETE FROM portal_links WHERE expires_at < \(before) RETURNING id").count
    }

    private static func portalLink(_ row: (String, String, Int64, Int64, Int64?)) -> PortalLinkRecord {
        PortalLinkRecord(id: row.0, appID: row.1, createdAt: row.2, expiresAt: row.3, revokedAt: row.4)
    }
}
