import HeraldStore
import GRDB

extension SQLiteStore {
    public func createEventType(_ eventType: EventTypeRecord) async throws {
        try await write(conflict: "event type '\(eventType.name)' already exists") { db in
            try db.execute(sql: """
                INSERT INTO event_types (name, description, schema, deprecated, version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
                """, arguments: [eventType.name, eventType.description, eventType.schema, eventType.deprecated, eventType.version, eventType.createdAt, eventType.updatedAt])
        }
    }

    public func eventType(name: String) async throws -> EventTypeRecord? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM event_types WHERE name = ?", arguments: [name]).map(EventTypeRecord.init(row:))
        }
    }

    public func listEventTypes(_ page: PageRequest) async throws -> Page<EventTypeRecord> {
        let after = page.after.flatMap(Int64.init)
        return try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM event_types WHERE (? IS NULL OR seq < ?) ORDER BY seq DESC LIMIT ?", arguments: [after, after, page.limit + 1])
                .paged(limit: page.limit, key: { String($0["seq"] as Int64) }, map: EventTypeRecord.init(row:))
        }
    }

    public func updateEventType(_ eventType: EventTypeRecord) async throws {
        let changed = try await write { db in
            try db.execute(sql: "UPDATE event_types SET description = ?, schema = ?, deprecated = ?, version = ?, updated_at = ? WHERE name = ?",
                           arguments: [eventType.description, eventType.schema, eventType.deprecated, eventType.version, eventType.updatedAt, eventType.name])
            return db.changesCount
        }
        if changed == 0 { throw StoreError(.notFound, "event type '\(eventType.name)' does not exist") }
    }

    public func deleteEventType(name: String) async throws -> Bool {
        try await write { db in
            try db.execute(sql: "DELETE FROM event_types WHERE name = ?", arguments: [name])
            return db.changesCount > 0
        }
    }
}
