import Foundation
import GRDB

extension SQLiteStore {
    public func claimDueDeliveries(now: Int64, limit: Int, leaseUntil: Int64, excludingEndpoints: [String]) async throws -> [ClaimedDelivery] {
        try await write { db in
            let exclusion = excludingEndpoints.isEmpty ? "" : "AND d.endpoint_id NOT IN (\(databaseQuestionMarks(count: excludingEndpoints.count)))"
            var arguments: StatementArguments = [leaseUntil, now]
            arguments += StatementArguments(excludingEndpoints)
            arguments += [limit]
            let ids = try Int64.fetchAll(db, sql: """
                UPDATE deliveries SET status = 'in_flight', lease_until = ?
                WHERE id IN (
                    SELECT d.id FROM deliveries d
                    WHERE d.status IN ('pending', 'failed') AND d.next_attempt_at <= ? \(exclusion)
                    ORDER BY d.next_attempt_at LIMIT ?)
                RETURNING id
                """, arguments: arguments)
            guard !ids.isEmpty else { return [] }
            let rows = try Row.fetchAll(db, sql: """
                SELECT d.id AS d_id, d.attempts AS d_attempts, d.manual AS d_manual,
                       m.id AS m_id, m.app_id AS m_app_id, m.event_type AS m_event_type, m.event_id AS m_event_id, m.version AS m_version,
                       m.payload AS m_payload, m.created_at AS m_created_at,
                       e.id AS e_id, e.url AS e_url, e.description AS e_description, e.disabled AS e_disabled, e.rate_limit AS e_rate_limit,
                       e.headers AS e_headers, e.retry_schedule AS e_retry_schedule, e.created_at AS e_created_at, e.updated_at AS e_updated_at
                FROM deliveries d JOIN messages m ON m.id = d.message_id JOIN endpoints e ON e.id = d.endpoint_id
                WHERE d.id IN (\(databaseQuestionMarks(count: ids.count)))
                ORDER BY d.next_attempt_at
                """, arguments: StatementArguments(ids))
            return rows.map(Self.claimed(from:))
        }
    }

    public func expireLeases(now: Int64) async throws -> Int {
        try await write { db in
            try db.execute(sql: "UPDATE deliveries SET status = 'failed', lease_until = NULL, next_attempt_at = ? WHERE status = 'in_flight' AND lease_until <= ?",
                           arguments: [now, now])
            return db.changesCount
        }
    }

    public func releaseAllLeases(now: Int64) async throws -> Int {
        try await write { db in
            try db.execute(sql: """
                UPDATE deliveries SET status = CASE WHEN attempts = 0 THEN 'pending' ELSE 'failed' END, lease_until = NULL, next_attempt_at = ?
                WHERE status = 'in_flight'
                """, arguments: [now])
            return db.changesCount
        }
    }

    public func nextDueTime() async throws -> Int64? {
        try await read { db in
            try Int64.fetchOne(db, sql: "SELECT next_attempt_at FROM deliveries WHERE status IN ('pending', 'failed') ORDER BY next_attempt_at LIMIT 1")
        }
    }

    public func releaseDeliveries(_ deliveryIDs: [Int64], notBefore: Int64) async throws {
        guard !deliveryIDs.isEmpty else { return }
        try await write { db in
            var arguments: StatementArguments = [notBefore]
            arguments += StatementArguments(deliveryIDs)
            try db.execute(sql: """
                UPDATE deliveries SET status = CASE WHEN attempts = 0 THEN 'pending' ELSE 'failed' END, lease_until = NULL,
                    next_attempt_at = MAX(next_attempt_at, ?)
                WHERE status = 'in_flight' AND id IN (\(databaseQuestionMarks(count: deliveryIDs.count)))
                """, arguments: arguments)
        }
    }

    public func deferWaitingDeliveries(endpointID: String, until: Int64) async throws {
        try await write { db in
            try db.execute(sql: "UPDATE deliveries SET next_attempt_at = ? WHERE endpoint_id = ? AND status IN ('pending', 'failed') AND next_attempt_at < ?",
                           arguments: [until, endpointID, until])
        }
    }

    public func delivery(messageID: String, endpointID: String) async throws -> (status: DeliveryStatus, attempts: Int)? {
        try await read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT status, attempts FROM deliveries WHERE message_id = ? AND endpoint_id = ?",
                                             arguments: [messageID, endpointID]) else { return nil }
            let status: String = row["status"]
            return (DeliveryStatus(rawValue: status) ?? .pending, row["attempts"])
        }
    }

    public func resendDelivery(messageID: String, endpointID: String, now: Int64) async throws {
        try await write { db in
            try db.execute(sql: """
                INSERT INTO deliveries (message_id, endpoint_id, status, attempts, next_attempt_at, created_at, manual)
                VALUES (?, ?, 'pending', 0, ?, ?, 1)
                ON CONFLICT (message_id, endpoint_id) DO UPDATE SET
                    status = CASE WHEN status = 'in_flight' THEN status WHEN attempts = 0 THEN 'pending' ELSE 'failed' END,
                    next_attempt_at = excluded.next_attempt_at, manual = 1
                """, arguments: [messageID, endpointID, now, now])
        }
        deliverySignal.notify()
    }

    public func recoverDeliveries(endpointID: String, since: Int64, until: Int64?, now: Int64) async throws -> Int {
        let count = try await write { db in
            try db.execute(sql: """
                UPDATE deliveries SET status = 'failed', next_attempt_at = ?, manual = 1
                WHERE endpoint_id = ? AND status IN ('failed', 'exhausted') AND created_at >= ? AND (? IS NULL OR created_at <= ?)
                """, arguments: [now, endpointID, since, until, until])
            return db.changesCount
        }
        if count > 0 { deliverySignal.notify() }
        return count
    }

    public func deleteExpired(before: Int64, idempotencyBefore: Int64, limit: Int) async throws -> Int {
        try await write { db in
            try db.execute(sql: "DELETE FROM messages WHERE id IN (SELECT id FROM messages WHERE created_at < ? ORDER BY created_at LIMIT ?)", arguments: [before, limit])
            let deleted = db.changesCount
            try db.execute(sql: "DELETE FROM idempotency_keys WHERE rowid IN (SELECT rowid FROM idempotency_keys WHERE created_at < ? LIMIT ?)",
                           arguments: [idempotencyBefore, limit])
            return deleted
        }
    }

    static func claimed(from row: Row) -> ClaimedDelivery {
        let payload: Data = row["m_payload"]
        let message = MessageRecord(id: row["m_id"], appID: row["m_app_id"], eventType: row["m_event_type"], eventID: row["m_event_id"],
                                    version: row["m_version"], payload: Array(payload), createdAt: row["m_created_at"])
        let endpoint = EndpointRecord(id: row["e_id"], appID: row["m_app_id"], url: row["e_url"], description: row["e_description"], eventTypes: [],
                                      disabled: row["e_disabled"], rateLimit: row["e_rate_limit"], headers: ColumnJSON.decode(row["e_headers"]),
                                      retryScheduleSeconds: ColumnJSON.decodeSchedule(row["e_retry_schedule"]),
                                      createdAt: row["e_created_at"], updatedAt: row["e_updated_at"])
        return ClaimedDelivery(deliveryID: row["d_id"], attemptsMade: row["d_attempts"], manual: row["d_manual"], message: message, endpoint: endpoint)
    }
}
