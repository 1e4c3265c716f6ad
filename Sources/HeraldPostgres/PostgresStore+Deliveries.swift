import Herald
import HeraldStore
import NIOCore
import PostgresNIO

extension PostgresStore {
    public func claimDueDeliveries(now: Int64, limit: Int, leaseUntil: Int64, excludingEndpoints: [String]) async throws -> [ClaimedDelivery] {
        // One statement, so one round trip on the bookkeeping pool: oldest due first, rows another
        // process is claiming right now skipped rather than waited for (so any number of
        // dispatchers claim side by side); a batch goes whole, its other waiting members too, due
        // or not; then the claimed rows with their messages and endpoints. With endpoints left
        // out, endpoint by endpoint, so as not to walk the backlog of those left out.
        let rows = if excludingEndpoints.isEmpty {
            try await execute(PostgresHotStatements.Claim(now: now, limit: limit, leaseUntil: leaseUntil, owner: leaseOwner), bookkeeping: true)
        } else {
            try await execute(PostgresHotStatements.ClaimExcluding(now: now, excluded: excludingEndpoints, limit: limit, leaseUntil: leaseUntil,
                                                                   owner: leaseOwner),
                              bookkeeping: true)
        }
        return try Self.claimedDeliveries(rows)
    }

    /// A delivery's columns, its message's (``MessageRow``) and its endpoint's (``EndpointRow``).
    typealias ClaimedRow = (Int64, Int, Bool, String?,
                            String, String, String, String?, String?, ByteBuffer, Int64,
                            String, String, String, String, Bool, Int?, String, String?, Int?, Int?, Int?, Int64, Int64, [String])

    /// The claimed rows as deliveries, in the order the statement gave them (due order).
    static func claimedDeliveries(_ rows: [PostgresRow]) throws -> [ClaimedDelivery] {
        try rows.decode(ClaimedRow.self).map { row in
            let message = Self.message((row.4, row.5, row.6, row.7, row.8, row.9, row.10))
            let endpoint = Self.endpoint((row.11, row.12, row.13, row.14, row.15, row.16, row.17, row.18, row.19, row.20, row.21, row.22, row.23, row.24))
            return ClaimedDelivery(deliveryID: row.0, attemptsMade: row.1, manual: row.2, message: message, endpoint: endpoint, batchID: row.3)
        }
    }

    public func assignBatch(_ batchID: String, deliveryIDs: [Int64]) async throws {
        guard !deliveryIDs.isEmpty else { return }
        // `IS TRUE`: through the primary key, not a hash of every delivery in flight (see PostgresHotStatements.Settle).
        try await query("""
            UPDATE deliveries SET batch_id = \(batchID) WHERE (status = 'in_flight') IS TRUE AND lease_owner = \(leaseOwner) AND id = ANY(\(deliveryIDs)::bigint[])
            """, bookkeeping: true)
    }

    public func expireLeases(now: Int64) async throws -> Int {
        // Any process may: the lease's holder is gone or hopelessly late.
        try await query("""
            UPDATE deliveries SET status = CASE WHEN attempts = 0 THEN 'pending' ELSE 'failed' END, lease_until = NULL, lease_owner = NULL,
                next_attempt_at = \(now), resend_at = NULL
            WHERE status = 'in_flight' AND lease_until <= \(now) RETURNING id
            """, bookkeeping: true).decode(Int64.self).count
    }

    public func releaseAllLeases(now: Int64) async throws -> Int {
        // Only this store's own: other processes' leases are theirs until they end.
        try await query("""
            UPDATE deliveries SET status = CASE WHEN attempts = 0 THEN 'pending' ELSE 'failed' END, lease_until = NULL, lease_owner = NULL,
                next_attempt_at = \(now), resend_at = NULL
            WHERE status = 'in_flight' AND lease_owner = \(leaseOwner) RETURNING id
            """).decode(Int64.self).count
    }

    public func nextDueTime() async throws -> Int64? {
        try await execute(PostgresHotStatements.NextDue(), bookkeeping: true).first
    }

    public func releaseDeliveries(_ deliveryIDs: [Int64], notBefore: Int64) async throws {
        guard !deliveryIDs.isEmpty else { return }
        // `IS TRUE`: through the primary key, not a hash of every delivery in flight (see PostgresHotStatements.Settle).
        try await query("""
            UPDATE deliveries SET status = CASE WHEN attempts = 0 THEN 'pending' ELSE 'failed' END, lease_until = NULL, lease_owner = NULL,
                next_attempt_at = GREATEST(next_attempt_at, \(notBefore)), resend_at = NULL
            WHERE (status = 'in_flight') IS TRUE AND lease_owner = \(leaseOwner) AND id = ANY(\(deliveryIDs)::bigint[])
            """, bookkeeping: true)
    }

    public func deferWaitingDeliveries(endpointID: String, until: Int64) async throws {
        try await query("""
            UPDATE deliveries SET next_attempt_at = \(until) WHERE endpoint_id = \(endpointID) AND status IN ('pending', 'failed') AND next_attempt_at < \(until)
            """, bookkeeping: true)
    }

    public func resendDelivery(messageID: String, endpointID: String, now: Int64) async throws {
        try await transaction(missing: "message \(messageID) does not exist") { connection in
            let endpoint = try await connection.queryIfOpen("SELECT 1 FROM endpoints WHERE id = \(endpointID)", logger: self.logger).decode(Int.self).all()
            guard !endpoint.isEmpty else { throw StoreError(.notFound, "endpoint \(endpointID) does not exist") }
            try await connection.queryIfOpen("""
                INSERT INTO deliveries (message_id, endpoint_id, status, attempts, next_attempt_at, created_at, manual)
                VALUES (\(messageID), \(endpointID), 'pending', 0, \(now), \(now), TRUE)
                ON CONFLICT (message_id, endpoint_id) DO UPDATE SET
                    status = CASE WHEN deliveries.status = 'in_flight' THEN deliveries.status WHEN deliveries.attempts = 0 THEN 'pending' ELSE 'failed' END,
                    resend_at = CASE WHEN deliveries.status = 'in_flight' THEN excluded.next_attempt_at END,
                    next_attempt_at = excluded.next_attempt_at, manual = TRUE, batch_id = NULL
                """, logger: self.logger)
            try await connection.queryIfOpen("SELECT pg_notify(\(Self.deliveriesChannel), '')", logger: self.logger)
        }
        deliverySignal.notify()
    }

    public func recoverDeliveries(endpointID: String, since: Int64, until: Int64?, now: Int64) async throws -> Int {
        let count = try await transaction { connection in
            let failed = try await connection.queryIfOpen("""
                UPDATE deliveries SET next_attempt_at = \(now), manual = TRUE, batch_id = NULL
                WHERE endpoint_id = \(endpointID) AND status = 'failed' AND created_at >= \(since) AND (\(until)::bigint IS NULL OR created_at <= \(until))
                RETURNING id
                """, logger: self.logger).decode(Int64.self).all().count
            let exhausted = try await connection.queryIfOpen("""
                UPDATE deliveries SET status = 'failed', next_attempt_at = \(now), manual = TRUE, batch_id = NULL
                WHERE endpoint_id = \(endpointID) AND status = 'exhausted' AND created_at >= \(since) AND (\(until)::bigint IS NULL OR created_at <= \(until))
                RETURNING id
                """, logger: self.logger).decode(Int64.self).all().count
            if failed + exhausted > 0 { try await connection.queryIfOpen("SELECT pg_notify(\(Self.deliveriesChannel), '')", logger: self.logger) }
            return failed + exhausted
        }
        if count > 0 { deliverySignal.notify() }
        return count
    }

    public func deleteExpired(before: Int64, idempotencyBefore: Int64, limit: Int) async throws -> Int {
        let boundary = PrefixedID.lowerBound(.message, milliseconds: UInt64(max(0, before))).rawValue
        return try await transaction { connection in
            try await connection.queryIfOpen("""
                DELETE FROM attempts WHERE message_id IN (SELECT id FROM messages WHERE id < \(boundary) ORDER BY id LIMIT \(limit))
                """, logger: self.logger)
            let deleted = try await connection.queryIfOpen("""
                DELETE FROM messages WHERE id IN (SELECT id FROM messages WHERE id < \(boundary) ORDER BY id LIMIT \(limit)) RETURNING id
                """, logger: self.logger).decode(String.self).all().count
            try await connection.queryIfOpen("""
                DELETE FROM idempotency_keys WHERE (app_id, key) IN (SELECT app_id, key FROM idempotency_keys WHERE created_at < \(idempotencyBefore) LIMIT \(limit))
                """, logger: self.logger)
            return deleted
        }
    }
}
