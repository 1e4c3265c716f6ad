import HeraldStore
import GRDB

extension SQLiteStore {
    public func createApplication(_ application: ApplicationRecord) async throws {
        try await write(conflict: "an application with uid '\(application.uid ?? "")' already exists") { db in
            try db.execute(sql: """
                INSERT INTO applications (id, uid, name, metadata, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: [application.id, application.uid, application.name, ColumnJSON.encode(application.metadata), application.createdAt, application.updatedAt])
        }
    }

    public func application(idOrUID: String) async throws -> ApplicationRecord? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM applications WHERE id = ? UNION ALL SELECT * FROM applications WHERE uid = ? LIMIT 1", arguments: [idOrUID, idOrUID])
                .map(ApplicationRecord.init(row:))
        }
    }

    public func listApplications(_ page: PageRequest) async throws -> Page<ApplicationRecord> {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM applications WHERE (? IS NULL OR id < ?) ORDER BY id DESC LIMIT ?", arguments: [page.after, page.after, page.limit + 1])
                .paged(limit: page.limit, key: { $0["id"] }, map: ApplicationRecord.init(row:))
        }
    }

    public func updateApplication(_ application: ApplicationRecord) async throws {
        let changed = try await write(conflict: "an application with uid '\(application.uid ?? "")' already exists") { db in
            try db.execute(sql: "UPDATE applications SET uid = ?, name = ?, metadata = ?, updated_at = ? WHERE id = ?",
                           arguments: [application.uid, application.name, ColumnJSON.encode(application.metadata), application.updatedAt, application.id])
            return db.changesCount
        }
        if changed == 0 { throw StoreError(.notFound, "application \(application.id) does not exist") }
    }

    public func deleteApplication(id: String) async throws -> Bool {
        pendingMessageCounts.drop(appID: id)
        return try await write { db in
            try db.execute(sql: "DELETE FROM attempts WHERE endpoint_id IN (SELECT id FROM endpoints WHERE app_id = ?)", arguments: [id])
            try db.execute(sql: "DELETE FROM attempt_stats WHERE app_id = ?", arguments: [id])
            try db.execute(sql: "DELETE FROM message_stats WHERE app_id = ?", arguments: [id])
            try db.execute(sql: "DELETE FROM applications WHERE id = ?", arguments: [id])
            return db.changesCount > 0
        }
    }
}
