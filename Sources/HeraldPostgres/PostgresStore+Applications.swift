import HeraldStore
import PostgresNIO

extension PostgresStore {
    typealias ApplicationRow = (String, String?, String, String, Int64, Int64)

    static func application(_ row: ApplicationRow) -> ApplicationRecord {
        ApplicationRecord(id: row.0, uid: row.1, name: row.2, metadata: StoredText.decodeDictionary(row.3), createdAt: row.4, updatedAt: row.5)
    }

    public func createApplication(_ application: ApplicationRecord) async throws {
        try await query("""
            INSERT INTO applications (id, uid, name, metadata, created_at, updated_at)
            VALUES (\(application.id), \(application.uid), \(application.name), \(StoredText.encode(application.metadata)), \(application.createdAt), \(application.updatedAt))
            """, conflict: "an application with uid '\(application.uid ?? "")' already exists")
    }

    public func application(idOrUID: String) async throws -> ApplicationRecord? {
        try await query("""
            (SELECT id, uid, name, metadata, created_at, updated_at FROM applications WHERE id = \(idOrUID))
            UNION ALL (SELECT id, uid, name, metadata, created_at, updated_at FROM applications WHERE uid = \(idOrUID)) LIMIT 1
            """).decode(ApplicationRow.self).first { _ in true }.map(Self.application)
    }

    public func listApplications(_ page: PageRequest) async throws -> Page<ApplicationRecord> {
        let rows = try await query("""
            SELECT id, uid, name, metadata, created_at, updated_at FROM applications
            WHERE \(page.after)::text IS NULL OR id < \(page.after) ORDER BY id DESC LIMIT \(page.limit + 1)
            """).decode(ApplicationRow.self)
        return rows.paged(limit: page.limit, key: { $0.0 }, map: Self.application)
    }

    public func updateApplication(_ application: ApplicationRecord) async throws {
        let updated = try await query("""
            UPDATE applications SET uid = \(application.uid), name = \(application.name), metadata = \(StoredText.encode(application.metadata)),
                updated_at = \(application.updatedAt)
            WHERE id = \(application.id) RETURNING id
            """, conflict: "an application with uid '\(application.uid ?? "")' already exists").decode(String.self)
        if updated.isEmpty { throw StoreError(.notFound, "application \(application.id) does not exist") }
    }

    public func deleteApplication(id: String) async throws -> Bool {
        pendingMessageCounts.drop(appID: id)
        return try await transaction { connection in
            try await connection.queryIfOpen("DELETE FROM attempts WHERE endpoint_id IN (SELECT id FROM endpoints WHERE app_id = \(id))", logger: self.logger)
            try await connection.queryIfOpen("DELETE FROM attempt_stats WHERE app_id = \(id)", logger: self.logger)
            try await connection.queryIfOpen("DELETE FROM message_stats WHERE app_id = \(id)", logger: self.logger)
            let deleted: PostgresRowSequence = try await connection.queryIfOpen("DELETE FROM applications WHERE id = \(id) RETURNING id", logger: self.logger)
            return !(try await deleted.decode(String.self).all().isEmpty)
        }
    }
}

extension Array {
    /// Page reads fetch one row more than asked for, to know whether another page follows.
    func paged<Item>(limit: Int, key: (Element) -> String, map: (Element) -> Item) -> Page<Item> {
        let items = prefix(limit)
        let next = count > limit ? items.last.map(key) : nil
        return Page(items: items.map(map), nextAfter: next)
    }
}
