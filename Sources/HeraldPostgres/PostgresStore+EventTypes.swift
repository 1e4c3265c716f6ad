import HeraldStore
import PostgresNIO

extension PostgresStore {
    typealias EventTypeRow = (Int64, String, String, String?, Bool, String?, Int64, Int64)

    static func eventType(_ row: EventTypeRow) -> EventTypeRecord {
        EventTypeRecord(name: row.1, description: row.2, schema: row.3, deprecated: row.4, version: row.5, createdAt: row.6, updatedAt: row.7)
    }

    public func createEventType(_ eventType: EventTypeRecord) async throws {
        try await query("""
            INSERT INTO event_types (name, description, schema, deprecated, version, created_at, updated_at)
            VALUES (\(eventType.name), \(eventType.description), \(eventType.schema), \(eventType.deprecated), \(eventType.version), \(eventType.createdAt), \(eventType.updatedAt))
            """, conflict: "event type '\(eventType.name)' already exists")
    }

    public func eventType(name: String) async throws -> EventTypeRecord? {
        try await query("""
            SELECT seq, name, description, schema, deprecated, version, created_at, updated_at FROM event_types WHERE name = \(name)
            """).decode(EventTypeRow.self).first { _ in true }.map(Self.eventType)
    }

    public func listEventTypes(_ page: PageRequest) async throws -> Page<EventTypeRecord> {
        let after = page.after.flatMap(Int64.init)
        let rows = try await query("""
            SELECT seq, name, description, schema, deprecated, version, created_at, updated_at FROM event_types
            WHERE \(after)::bigint IS NULL OR seq < \(after) ORDER BY seq DESC LIMIT \(page.limit + 1)
            """).decode(EventTypeRow.self)
        return rows.paged(limit: page.limit, key: { String($0.0) }, map: Self.eventType)
    }

    public func updateEventType(_ eventType: EventTypeRecord) async throws {
        let updated = try await query("""
            UPDATE event_types SET description = \(eventType.description), schema = \(eventType.schema), deprecated = \(eventType.deprecated),
                version = \(eventType.version), updated_at = \(eventType.updatedAt)
            WHERE name = \(eventType.name) RETURNING seq
            """).decode(Int64.self)
        if updated.isEmpty { throw StoreError(.notFound, "event type '\(eventType.name)' does not exist") }
    }

    public func deleteEventType(name: String) async throws -> Bool {
        !(try await query("DELETE FROM event_types WHERE name = \(name) RETURNING seq").decode(Int64.self).isEmpty)
    }
}
