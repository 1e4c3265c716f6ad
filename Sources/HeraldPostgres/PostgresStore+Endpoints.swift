import HeraldStore
import PostgresNIO

extension PostgresStore {
    typealias EndpointRow = (String, String, String, String, Bool, Int?, String, String?, Int?, Int?, Int?, Int64, Int64, [String])

    /// The columns ``endpoint(_:)`` decodes, the event-type filter last, in its order.
    static let endpointColumns = """
        e.id, e.app_id, e.url, e.description, e.disabled, e.rate_limit, e.headers, e.retry_schedule, e.batch_max_events, e.batch_max_wait_ms,
        e.timeout_ms, e.created_at, e.updated_at,
        ARRAY(SELECT t.event_type FROM endpoint_event_types t WHERE t.endpoint_id = e.id ORDER BY t.position)
        """

    static func endpoint(_ row: EndpointRow) -> EndpointRecord {
        EndpointRecord(id: row.0, appID: row.1, url: row.2, description: row.3, eventTypes: row.13, disabled: row.4, rateLimit: row.5,
                       headers: StoredText.decodeDictionary(row.6), retryScheduleSeconds: StoredText.decodeSchedule(row.7),
                       batch: StoredText.decodeBatching(maxEvents: row.8, maxWaitMilliseconds: row.9), timeoutMilliseconds: row.10,
                       createdAt: row.11, updatedAt: row.12)
    }

    public func createEndpoint(_ endpoint: EndpointRecord, secret: EndpointSecretRecord) async throws {
        try await transaction(missing: "application \(endpoint.appID) does not exist") { connection in
            try await connection.queryIfOpen("""
                INSERT INTO endpoints (id, app_id, url, description, all_event_types, disabled, rate_limit, headers, retry_schedule,
                                       batch_max_events, batch_max_wait_ms, timeout_ms, created_at, updated_at)
                VALUES (\(endpoint.id), \(endpoint.appID), \(endpoint.url), \(endpoint.description), \(endpoint.eventTypes.isEmpty), \(endpoint.disabled),
                        \(endpoint.rateLimit), \(StoredText.encode(endpoint.headers)), \(StoredText.encodeSchedule(endpoint.retryScheduleSeconds)),
                        \(endpoint.batch?.maxEvents), \(endpoint.batch?.maxWaitMilliseconds), \(endpoint.timeoutMilliseconds),
                        \(endpoint.createdAt), \(endpoint.updatedAt))
                """, logger: self.logger)
            try await Self.replaceFilter(endpointID: endpoint.id, eventTypes: endpoint.eventTypes, on: connection, logger: self.logger)
            try await connection.queryIfOpen("""
                INSERT INTO endpoint_secrets (endpoint_id, key, expires_at, created_at) VALUES (\(endpoint.id), \(secret.key), NULL, \(secret.createdAt))
                """, logger: self.logger)
        }
    }

    public func endpoint(appID: String, id: String) async throws -> EndpointRecord? {
        try await query("SELECT \(unescaped: Self.endpointColumns) FROM endpoints e WHERE e.app_id = \(appID) AND e.id = \(id)")
            .decode(EndpointRow.self).first { _ in true }.map(Self.endpoint)
    }

    public func listEndpoints(appID: String, _ page: PageRequest) async throws -> Page<EndpointRecord> {
        let rows = try await query("""
            SELECT \(unescaped: Self.endpointColumns) FROM endpoints e
            WHERE e.app_id = \(appID) AND (\(page.after)::text IS NULL OR e.id < \(page.after)) ORDER BY e.id DESC LIMIT \(page.limit + 1)
            """).decode(EndpointRow.self)
        return rows.paged(limit: page.limit, key: { $0.0 }, map: Self.endpoint)
    }

    public func updateEndpoint(_ endpoint: EndpointRecord) async throws {
        let changed = try await transaction { connection in
            let updated: PostgresRowSequence = try await connection.queryIfOpen("""
                UPDATE endpoints SET url = \(endpoint.url), description = \(endpoint.description), all_event_types = \(endpoint.eventTypes.isEmpty),
                    disabled = \(endpoint.disabled), rate_limit = \(endpoint.rateLimit), headers = \(StoredText.encode(endpoint.headers)),
                    retry_schedule = \(StoredText.encodeSchedule(endpoint.retryScheduleSeconds)),
                    batch_max_events = \(endpoint.batch?.maxEvents), batch_max_wait_ms = \(endpoint.batch?.maxWaitMilliseconds),
                    timeout_ms = \(endpoint.timeoutMilliseconds),
                    failing_since = CASE WHEN NOT \(endpoint.disabled) AND disabled THEN NULL ELSE failing_since END, updated_at = \(endpoint.updatedAt)
                WHERE app_id = \(endpoint.appID) AND id = \(endpoint.id) RETURNING id
                """, logger: self.logger)
            guard !(try await updated.decode(String.self).all().isEmpty) else { return false }
            try await Self.replaceFilter(endpointID: endpoint.id, eventTypes: endpoint.eventTypes, on: connection, logger: self.logger)
            if endpoint.disabled { try await Self.cancelWaiting(endpointID: endpoint.id, on: connection, logger: self.logger) }
            return true
        }
        if !changed { throw StoreError(.notFound, "endpoint \(endpoint.id) does not exist") }
    }

    public func deleteEndpoint(appID: String, id: String) async throws -> Bool {
        try await transaction { connection in
            let deleted: PostgresRowSequence = try await connection.queryIfOpen("DELETE FROM endpoints WHERE app_id = \(appID) AND id = \(id) RETURNING id", logger: self.logger)
            guard !(try await deleted.decode(String.self).all().isEmpty) else { return false }
            try await connection.queryIfOpen("DELETE FROM attempts WHERE endpoint_id = \(id) AND app_id = \(appID)", logger: self.logger)
            // What waits for it goes; delivered and cancelled rows are history and go with their messages.
            try await connection.queryIfOpen("DELETE FROM deliveries WHERE endpoint_id = \(id) AND status IN ('pending', 'failed', 'in_flight', 'exhausted')", logger: self.logger)
            return true
        }
    }

    public func endpointSecrets(endpointID: String, now: Int64) async throws -> [EndpointSecretRecord] {
        try await query("""
            SELECT key, expires_at, created_at FROM endpoint_secrets
            WHERE endpoint_id = \(endpointID) AND (expires_at IS NULL OR expires_at > \(now))
            ORDER BY expires_at IS NOT NULL, created_at DESC
            """).decode((String, Int64?, Int64).self).map { EndpointSecretRecord(key: $0.0, expiresAt: $0.1, createdAt: $0.2) }
    }

    public func rotateEndpointSecret(endpointID: String, secret: EndpointSecretRecord, previousExpiresAt: Int64) async throws {
        try await transaction { connection in
            try await connection.queryIfOpen("UPDATE endpoint_secrets SET expires_at = \(previousExpiresAt) WHERE endpoint_id = \(endpointID) AND expires_at IS NULL",
                                       logger: self.logger)
            try await connection.queryIfOpen("""
                DELETE FROM endpoint_secrets WHERE endpoint_id = \(endpointID) AND expires_at IS NOT NULL AND expires_at <= \(secret.createdAt)
                """, logger: self.logger)
            try await connection.queryIfOpen("""
                INSERT INTO endpoint_secrets (endpoint_id, key, expires_at, created_at) VALUES (\(endpointID), \(secret.key), NULL, \(secret.createdAt))
                """, logger: self.logger)
            try await connection.queryIfOpen("UPDATE endpoints SET updated_at = GREATEST(updated_at, \(secret.createdAt)) WHERE id = \(endpointID)", logger: self.logger)
        }
    }

    /// Cancels what waits for a disabled endpoint, claimed or not; attempts already on the wire
    /// finish and are recorded, but no longer change the cancelled delivery.
    static func cancelWaiting(endpointID: String, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.queryIfOpen("""
            UPDATE deliveries SET status = 'cancelled', lease_until = NULL, lease_owner = NULL
            WHERE endpoint_id = \(endpointID) AND status IN ('pending', 'failed', 'in_flight')
            """, logger: logger)
    }

    static func replaceFilter(endpointID: String, eventTypes: [String], on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.queryIfOpen("DELETE FROM endpoint_event_types WHERE endpoint_id = \(endpointID)", logger: logger)
        for (position, name) in eventTypes.enumerated() {
            try await connection.queryIfOpen("""
                INSERT INTO endpoint_event_types (endpoint_id, event_type, position) VALUES (\(endpointID), \(name), \(position)) ON CONFLICT DO NOTHING
                """, logger: logger)
        }
    }
}
