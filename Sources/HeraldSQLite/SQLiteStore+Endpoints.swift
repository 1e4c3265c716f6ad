import HeraldStore
import GRDB

extension SQLiteStore {
    public func createEndpoint(_ endpoint: EndpointRecord, secret: EndpointSecretRecord) async throws {
        try await write(missing: "application \(endpoint.appID) does not exist") { db in
            try db.execute(sql: """
                INSERT INTO endpoints (id, app_id, url, description, all_event_types, disabled, rate_limit, headers, retry_schedule,
                                       batch_max_events, batch_max_wait_ms, timeout_ms, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [endpoint.id, endpoint.appID, endpoint.url, endpoint.description, endpoint.eventTypes.isEmpty, endpoint.disabled,
                                 endpoint.rateLimit, ColumnJSON.encode(endpoint.headers), ColumnJSON.encodeSchedule(endpoint.retryScheduleSeconds),
                                 endpoint.batch?.maxEvents, endpoint.batch?.maxWaitMilliseconds, endpoint.timeoutMilliseconds,
                                 endpoint.createdAt, endpoint.updatedAt])
            try Self.replaceFilter(endpointID: endpoint.id, eventTypes: endpoint.eventTypes, in: db)
            try db.execute(sql: "INSERT INTO endpoint_secrets (endpoint_id, key, expires_at, created_at) VALUES (?, ?, NULL, ?)",
                           arguments: [endpoint.id, secret.key, secret.createdAt])
        }
    }

    public func endpoint(appID: String, id: String) async throws -> EndpointRecord? {
        try await read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM endpoints WHERE app_id = ? AND id = ?", arguments: [appID, id]) else { return nil }
            return try Self.endpoint(from: row, in: db)
        }
    }

    public func listEndpoints(appID: String, _ page: PageRequest) async throws -> Page<EndpointRecord> {
        try await read { db in
            let rows = try Row.fetchAll(db, sql: "SELECT * FROM endpoints WHERE app_id = ? AND (? IS NULL OR id < ?) ORDER BY id DESC LIMIT ?",
                                        arguments: [appID, page.after, page.after, page.limit + 1])
            let endpoints = try rows.map { try Self.endpoint(from: $0, in: db) }
            return endpoints.paged(limit: page.limit, key: \.id, map: { $0 })
        }
    }

    public func updateEndpoint(_ endpoint: EndpointRecord) async throws {
        let changed = try await write { db in
            try db.execute(sql: """
                UPDATE endpoints SET url = ?, description = ?, all_event_types = ?, disabled = ?, rate_limit = ?, headers = ?, retry_schedule = ?,
                    batch_max_events = ?, batch_max_wait_ms = ?, timeout_ms = ?,
                    failing_since = CASE WHEN ? = 0 AND disabled = 1 THEN NULL ELSE failing_since END, updated_at = ?
                WHERE app_id = ? AND id = ?
                """, arguments: [endpoint.url, endpoint.description, endpoint.eventTypes.isEmpty, endpoint.disabled, endpoint.rateLimit,
                                 ColumnJSON.encode(endpoint.headers), ColumnJSON.encodeSchedule(endpoint.retryScheduleSeconds),
                                 endpoint.batch?.maxEvents, endpoint.batch?.maxWaitMilliseconds, endpoint.timeoutMilliseconds, endpoint.disabled,
                                 endpoint.updatedAt, endpoint.appID, endpoint.id])
            let changed = db.changesCount
            if changed > 0 { try Self.replaceFilter(endpointID: endpoint.id, eventTypes: endpoint.eventTypes, in: db) }
            if changed > 0 && endpoint.disabled { try Self.cancelWaiting(endpointID: endpoint.id, in: db) }
            return changed
        }
        if changed == 0 { throw StoreError(.notFound, "endpoint \(endpoint.id) does not exist") }
    }

    public func deleteEndpoint(appID: String, id: String) async throws -> Bool {
        try await write { db in
            try db.execute(sql: "DELETE FROM endpoints WHERE app_id = ? AND id = ?", arguments: [appID, id])
            guard db.changesCount > 0 else { return false }
            try db.execute(sql: "DELETE FROM attempts WHERE endpoint_id = ? AND app_id = ?", arguments: [id, appID])
            // What waits for it goes (each status through its own partial index); delivered and
            // cancelled rows are history and go with their messages.
            try db.execute(sql: "DELETE FROM deliveries WHERE endpoint_id = ? AND status IN ('pending', 'failed')", arguments: [id])
            try db.execute(sql: "DELETE FROM deliveries WHERE endpoint_id = ? AND status = 'in_flight'", arguments: [id])
            try db.execute(sql: "DELETE FROM deliveries WHERE endpoint_id = ? AND status = 'exhausted'", arguments: [id])
            return true
        }
    }

    public func endpointSecrets(endpointID: String, now: Int64) async throws -> [EndpointSecretRecord] {
        try await read { db in
            try EndpointSecretRecord.fetchAll(db, sql: """
                SELECT key, expires_at, created_at FROM endpoint_secrets
                WHERE endpoint_id = ? AND (expires_at IS NULL OR expires_at > ?)
                ORDER BY expires_at IS NOT NULL, created_at DESC
                """, arguments: [endpointID, now])
        }
    }

    public func rotateEndpointSecret(endpointID: String, secret: EndpointSecretRecord, previousExpiresAt: Int64) async throws {
        try await write { db in
            try db.execute(sql: "UPDATE endpoint_secrets SET expires_at = ? WHERE endpoint_id = ? AND expires_at IS NULL", arguments: [previousExpiresAt, endpointID])
            try db.execute(sql: "DELETE FROM endpoint_secrets WHERE endpoint_id = ? AND expires_at IS NOT NULL AND expires_at <= ?", arguments: [endpointID, secret.createdAt])
            try db.execute(sql: "INSERT INTO endpoint_secrets (endpoint_id, key, expires_at, created_at) VALUES (?, ?, NULL, ?)",
                           arguments: [endpointID, secret.key, secret.createdAt])
            try db.execute(sql: "UPDATE endpoints SET updated_at = MAX(updated_at, ?) WHERE id = ?", arguments: [secret.createdAt, endpointID])
        }
    }

    /// Cancels what waits for a disabled endpoint, claimed or not; attempts already on the wire
    /// finish and are recorded, but no longer change the cancelled delivery.
    static func cancelWaiting(endpointID: String, in db: Database) throws {
        // Two statements, so that each status set is found through its partial index.
        try db.cachedStatement(sql: """
            UPDATE deliveries SET status = 'cancelled', lease_until = NULL WHERE endpoint_id = ? AND status IN ('pending', 'failed')
            """).execute(arguments: [endpointID])
        try db.cachedStatement(sql: """
            UPDATE deliveries SET status = 'cancelled', lease_until = NULL WHERE endpoint_id = ? AND status = 'in_flight'
            """).execute(arguments: [endpointID])
    }

    static func replaceFilter(endpointID: String, eventTypes: [String], in db: Database) throws {
        try db.execute(sql: "DELETE FROM endpoint_event_types WHERE endpoint_id = ?", arguments: [endpointID])
        for (position, name) in eventTypes.enumerated() {
            try db.execute(sql: "INSERT OR IGNORE INTO endpoint_event_types (endpoint_id, event_type, position) VALUES (?, ?, ?)", arguments: [endpointID, name, position])
        }
    }

    /// An endpoint row with its event-type filter.
    static func endpoint(from row: Row, in db: Database) throws -> EndpointRecord {
        var endpoint = EndpointRecord(row: row)
        endpoint.eventTypes = try String.fetchAll(db, sql: "SELECT event_type FROM endpoint_event_types WHERE endpoint_id = ? ORDER BY position",
                                                  arguments: [endpoint.id])
        return endpoint
    }
}
