import HeraldStore
import Foundation
import GRDB
import Herald

extension SQLiteStore {
    public func claimDueDeliveries(now: Int64, limit: Int, leaseUntil: Int64, excludingEndpoints: [String]) async throws -> [ClaimedDelivery] {
        let excluded = ColumnJSON.array(excludingEndpoints)
        return try await write(durable: false) { db in
            // Lists travel as one JSON array argument (json_each), so both statements are
            // prepared once and reused whatever their length.
            // Without exclusions: the oldest due rows across all endpoints, off one index, each
            // checked against its endpoint (a resend or a recovery can queue a delivery for a
            // disabled endpoint; it waits until the endpoint is enabled). With exclusions (some
            // endpoint has a backlog it cannot take now), endpoint by endpoint, so the skipped
            // backlog is never read (CROSS JOIN fixes that join order).
            let claimed: [Row]
            if excludingEndpoints.isEmpty {
                claimed = try Row.fetchAll(db.cachedStatement(sql: """
                    UPDATE deliveries SET status = 'in_flight', lease_until = ?
                    WHERE id IN (
                        SELECT d.id FROM deliveries d
                        WHERE d.status IN ('pending', 'failed') AND d.next_attempt_at <= ?
                          AND EXISTS (SELECT 1 FROM endpoints e WHERE e.id = d.endpoint_id AND e.disabled = 0)
                        ORDER BY d.next_attempt_at LIMIT ?)
                    RETURNING id, batch_id
                    """), arguments: [leaseUntil, now, limit])
            } else {
                claimed = try Row.fetchAll(db.cachedStatement(sql: """
                    UPDATE deliveries SET status = 'in_flight', lease_until = ?
                    WHERE id IN (
                        SELECT d.id FROM endpoints e CROSS JOIN deliveries d INDEXED BY deliveries_waiting_by_endpoint
                        WHERE e.disabled = 0 AND e.id NOT IN (SELECT value FROM json_each(?))
                          AND d.endpoint_id = e.id AND d.status IN ('pending', 'failed') AND d.next_attempt_at <= ?
                        ORDER BY d.next_attempt_at LIMIT ?)
                    RETURNING id, batch_id
                    """), arguments: [leaseUntil, excluded, now, limit])
            }
            guard !claimed.isEmpty else { return [] }
            var ids = claimed.map { row -> Int64 in row["id"] }
            // A batch goes whole or not at all: the other waiting members of every batch claimed
            // here come too, due or not and beyond the limit (only batched deliveries are in
            // the batch index, so unbatched claims skip this statement).
            let batches = Set(claimed.compactMap { row -> String? in row["batch_id"] })
            if !batches.isEmpty {
                ids += try Int64.fetchAll(db.cachedStatement(sql: """
                    UPDATE deliveries SET status = 'in_flight', lease_until = ?
                    WHERE batch_id IN (SELECT value FROM json_each(?)) AND status IN ('pending', 'failed')
                    RETURNING id
                    """), arguments: [leaseUntil, ColumnJSON.array(batches.sorted())])
            }
            return try ClaimedDelivery.fetchAll(db.cachedStatement(sql: """
                SELECT d.id AS delivery_id, d.attempts, d.manual, d.batch_id,
                       m.id AS message_id, m.app_id AS message_app_id, m.event_type AS message_event_type, m.event_id AS message_event_id,
                       m.version AS message_version, m.payload AS message_payload, m.created_at AS message_created_at,
                       e.id AS endpoint_id, e.url AS endpoint_url, e.description AS endpoint_description, e.disabled AS endpoint_disabled,
                       e.rate_limit AS endpoint_rate_limit, e.headers AS endpoint_headers, e.retry_schedule AS endpoint_retry_schedule,
                       e.batch_max_events AS endpoint_batch_max_events, e.batch_max_wait_ms AS endpoint_batch_max_wait_ms,
                       e.timeout_ms AS endpoint_timeout_ms, e.created_at AS endpoint_created_at, e.updated_at AS endpoint_updated_at
                FROM deliveries d JOIN messages m ON m.id = d.message_id JOIN endpoints e ON e.id = d.endpoint_id
                WHERE d.id IN (SELECT value FROM json_each(?))
                ORDER BY d.next_attempt_at, d.id
                """), arguments: [ColumnJSON.array(ids)])
        }
    }

    public func expireLeases(now: Int64) async throws -> Int {
        try await write(durable: false) { db in
            // Like `releaseAllLeases`: without a recorded attempt the delivery is pending again,
            // not failed (recovery takes failed deliveries only).
            try db.execute(sql: """
                UPDATE deliveries SET status = CASE WHEN attempts = 0 THEN 'pending' ELSE 'failed' END, lease_until = NULL, next_attempt_at = ?,
                    resend_at = NULL
                WHERE status = 'in_flight' AND lease_until <= ?
                """, arguments: [now, now])
            return db.changesCount
        }
    }

    public func releaseAllLeases(now: Int64) async throws -> Int {
        try await write { db in
            try db.execute(sql: """
                UPDATE deliveries SET status = CASE WHEN attempts = 0 THEN 'pending' ELSE 'failed' END, lease_until = NULL, next_attempt_at = ?,
                    resend_at = NULL
                WHERE status = 'in_flight'
                """, arguments: [now])
            return db.changesCount
        }
    }

    public func nextDueTime() async throws -> Int64? {
        try await read { db in
            // A disabled endpoint's waiting deliveries are not due until it is enabled again.
            try Int64.fetchOne(db, sql: """
                SELECT d.next_attempt_at FROM deliveries d
                WHERE d.status IN ('pending', 'failed') AND EXISTS (SELECT 1 FROM endpoints e WHERE e.id = d.endpoint_id AND e.disabled = 0)
                ORDER BY d.next_attempt_at LIMIT 1
                """)
        }
    }

    public func releaseDeliveries(_ deliveryIDs: [Int64], notBefore: Int64) async throws {
        guard !deliveryIDs.isEmpty else { return }
        try await write(durable: false) { db in
            try db.cachedStatement(sql: """
                UPDATE deliveries SET status = CASE WHEN attempts = 0 THEN 'pending' ELSE 'failed' END, lease_until = NULL,
                    next_attempt_at = MAX(next_attempt_at, ?), resend_at = NULL
                WHERE status = 'in_flight' AND id IN (SELECT value FROM json_each(?))
                """).execute(arguments: [notBefore, ColumnJSON.array(deliveryIDs)])
        }
    }

    public func deferWaitingDeliveries(endpointID: String, until: Int64) async throws {
        try await write(durable: false) { db in
            try db.execute(sql: "UPDATE deliveries SET next_attempt_at = ? WHERE endpoint_id = ? AND status IN ('pending', 'failed') AND next_attempt_at < ?",
                           arguments: [until, endpointID, until])
        }
    }

    public func resendDelivery(messageID: String, endpointID: String, now: Int64) async throws {
        try await write(missing: "message \(messageID) does not exist") { db in
            // Deliveries have no foreign key to their endpoint (schema v6), so its existence is checked here.
            guard try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM endpoints WHERE id = ?)", arguments: [endpointID]) == true else {
                throw StoreError(.notFound, "endpoint \(endpointID) does not exist")
            }
            try db.execute(sql: """
                INSERT INTO deliveries (message_id, endpoint_id, status, attempts, next_attempt_at, created_at, manual)
                VALUES (?, ?, 'pending', 0, ?, ?, 1)
                ON CONFLICT (message_id, endpoint_id) DO UPDATE SET
                    status = CASE WHEN status = 'in_flight' THEN status WHEN attempts = 0 THEN 'pending' ELSE 'failed' END,
                    resend_at = CASE WHEN status = 'in_flight' THEN excluded.next_attempt_at END,
                    next_attempt_at = excluded.next_attempt_at, manual = 1, batch_id = NULL
                """, arguments: [messageID, endpointID, now, now])
        }
        deliverySignal.notify()
    }

    public func recoverDeliveries(endpointID: String, since: Int64, until: Int64?, now: Int64) async throws -> Int {
        let count = try await write { db in
            // Failed and exhausted deliveries are found through their own partial indexes (the
            // `status IN (…)` term must match the index's for SQLite to use it). They leave their
            // batches: a recovered delivery goes out in a new one.
            try db.execute(sql: """
                UPDATE deliveries SET next_attempt_at = ?, manual = 1, batch_id = NULL
                WHERE endpoint_id = ? AND status IN ('pending', 'failed') AND status = 'failed' AND created_at >= ? AND (? IS NULL OR created_at <= ?)
                """, arguments: [now, endpointID, since, until, until])
            let failed = db.changesCount
            try db.execute(sql: """
                UPDATE deliveries SET status = 'failed', next_attempt_at = ?, manual = 1, batch_id = NULL
                WHERE endpoint_id = ? AND status = 'exhausted' AND created_at >= ? AND (? IS NULL OR created_at <= ?)
                """, arguments: [now, endpointID, since, until, until])
            return failed + db.changesCount
        }
        if count > 0 { deliverySignal.notify() }
        return count
    }

    public func deleteExpired(before: Int64, idempotencyBefore: Int64, limit: Int) async throws -> Int {
        try await write(durable: false) { db in
            let boundary = PrefixedID.lowerBound(.message, milliseconds: UInt64(max(0, before))).rawValue
            try db.execute(sql: """
                DELETE FROM attempts WHERE message_id IN (SELECT id FROM messages WHERE id < ? ORDER BY id LIMIT ?)
                """, arguments: [boundary, limit])
            try db.execute(sql: "DELETE FROM messages WHERE id IN (SELECT id FROM messages WHERE id < ? ORDER BY id LIMIT ?)", arguments: [boundary, limit])
            let deleted = db.changesCount
            try db.execute(sql: "DELETE FROM idempotency_keys WHERE (app_id, key) IN (SELECT app_id, key FROM idempotency_keys WHERE created_at < ? LIMIT ?)",
                           arguments: [idempotencyBefore, limit])
            return deleted
        }
    }
}
