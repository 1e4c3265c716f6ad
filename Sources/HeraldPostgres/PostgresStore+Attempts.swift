import HeraldStore
import NIOCore
import PostgresNIO

extension PostgresStore {
    public func recordAttempts(_ outcomes: [AttemptOutcome], now: Int64, failingSinceLimit: Int64) async throws -> [String] {
        guard !outcomes.isEmpty else { return [] }
        if outcomes.allSatisfy({ $0.attempt.succeeded && !$0.disableEndpoint }) {
            // The common case: every attempt succeeded, so no endpoint's health gets worse and
            // the whole record is one statement (no transaction around it, one round trip).
            let endpoints = Array(Set(outcomes.map(\.attempt.endpointID)))
            let resent = try await execute(PostgresHotStatements.Settle(outcomes: outcomes, recovered: endpoints), bookkeeping: true)
            if resent.contains(true) {
                try await query("SELECT pg_notify(\(Self.deliveriesChannel), '')", bookkeeping: true)
                deliverySignal.notify()
            }
            return []
        }
        let (disabled, resendsDue) = try await transaction(bookkeeping: true) { connection in
            try await Self.writeAttempts(outcomes, now: now, failingSinceLimit: failingSinceLimit, on: connection, logger: self.logger)
        }
        if resendsDue { deliverySignal.notify() }
        return disabled
    }

    /// Every attempt of the batch in one statement, and each one's delivery moved on in the same
    /// statement (a resend asked for while it was on the wire wins over its outcome); attempts of
    /// deliveries that are gone are dropped. Returns true when a resend became due.
    static func insertAttemptsAndSettleDeliveries(_ outcomes: [AttemptOutcome], on connection: PostgresConnection, logger: Logger) async throws -> Bool {
        try await connection.executeIfOpen(PostgresHotStatements.Settle(outcomes: outcomes, recovered: []), logger: logger).contains(true)
    }

    /// One batch of attempts in one transaction. As on SQLite: an endpoint's health changes
    /// only when an outcome differs from the one before it for that endpoint, or asks for the
    /// endpoint to be disabled; a resend asked for while the attempt was on the wire wins over
    /// its outcome.
    static func writeAttempts(_ outcomes: [AttemptOutcome], now: Int64, failingSinceLimit: Int64, on connection: PostgresConnection,
                              logger: Logger) async throws -> (disabled: [String], resendsDue: Bool) {
        var disabled = [String]()
        var resendsDue = false
        let resent = try await insertAttemptsAndSettleDeliveries(outcomes, on: connection, logger: logger)
        if resent { resendsDue = true }
        var lastSucceeded = [String: Bool]()
        for outcome in outcomes {
            let attempt = outcome.attempt
            let previous = lastSucceeded.updateValue(attempt.succeeded, forKey: attempt.endpointID)
            if attempt.succeeded {
                if previous == true { continue }
                try await connection.queryIfOpen("UPDATE endpoints SET failing_since = NULL WHERE id = \(attempt.endpointID) AND failing_since IS NOT NULL", logger: logger)
                continue
            }
            if previous == false && !outcome.disableEndpoint { continue }
            let failingTooLong = try await connection.queryIfOpen("""
                UPDATE endpoints SET failing_since = COALESCE(failing_since, \(attempt.startedAt)) WHERE id = \(attempt.endpointID) AND NOT disabled
                RETURNING failing_since <= \(failingSinceLimit)
                """, logger: logger).decode(Bool.self).all().first ?? false
            if outcome.disableEndpoint || failingTooLong {
                let changed = try await connection.queryIfOpen("""
                    UPDATE endpoints SET disabled = TRUE, updated_at = \(now) WHERE id = \(attempt.endpointID) AND NOT disabled RETURNING id
                    """, logger: logger).decode(String.self).all()
                if !changed.isEmpty { disabled.append(attempt.endpointID) }
                try await cancelWaiting(endpointID: attempt.endpointID, on: connection, logger: logger)
            }
        }
        if resendsDue { try await connection.queryIfOpen("SELECT pg_notify(\(deliveriesChannel), '')", logger: logger) }
        return (disabled, resendsDue)
    }

    typealias AttemptRow = (String, Int64, String, String, String, Int, String, Bool, Int64, Int64, Int?, String?, String?, ByteBuffer, String?, String?)

    public func listAttempts(appID: String, messageID: String?, endpointID: String?, filter: AttemptFilter, _ page: PageRequest) async throws -> Page<AttemptRecord> {
        let rows = try await query("""
            SELECT id, delivery_id, message_id, endpoint_id, app_id, attempt_number, trigger, succeeded, started_at, duration_ms,
                   response_status, error_kind, error_message, response_body, response_content_type, batch_id
            FROM attempts
            WHERE app_id = \(appID) AND (\(messageID)::text IS NULL OR message_id = \(messageID)) AND (\(endpointID)::text IS NULL OR endpoint_id = \(endpointID))
              AND (\(filter.succeeded)::boolean IS NULL OR succeeded = \(filter.succeeded)) AND (\(filter.trigger?.rawValue)::text IS NULL OR trigger = \(filter.trigger?.rawValue))
              AND (\(page.after)::text IS NULL OR id < \(page.after))
            ORDER BY id DESC LIMIT \(page.limit + 1)
            """).decode(AttemptRow.self)
        return rows.paged(limit: page.limit, key: { $0.0 }) { row in
            AttemptRecord(id: row.0, deliveryID: row.1, messageID: row.2, endpointID: row.3, appID: row.4, attemptNumber: row.5,
                          trigger: AttemptTrigger(rawValue: row.6) ?? .scheduled, succeeded: row.7, startedAt: row.8, durationMilliseconds: row.9,
                          responseStatus: row.10, errorKind: row.11, errorMessage: row.12, responseBody: Array(row.13.readableBytesView),
                          responseContentType: row.14, batchID: row.15)
        }
    }
}
