import HeraldStore
import NIOCore
import PostgresNIO

extension PostgresStore {
    public func recordAttempts(_ outcomes: [AttemptOutcome], now: Int64, failingSinceLimit: Int64) async throws -> [String] {
        guard !outcomes.isEmpty else { return [] }
        let (disabled, resendsDue) = try await transaction { connection in
            try await Self.writeAttempts(outcomes, now: now, failingSinceLimit: failingSinceLimit, on: connection, logger: self.logger)
        }
        if resendsDue { deliverySignal.notify() }
        return disabled
    }

    /// One batch of attempts in one transaction. As on SQLite: an endpoint's health changes
    /// only when an outcome differs from the one before it for that endpoint, or asks for the
    /// endpoint to be disabled; a resend asked for while the attempt was on the wire wins over
    /// its outcome.
    static func writeAttempts(_ outcomes: [AttemptOutcome], now: Int64, failingSinceLimit: Int64, on connection: PostgresConnection,
                              logger: Logger) async throws -> (disabled: [String], resendsDue: Bool) {
        var disabled = [String]()
        var resendsDue = false
        var lastSucceeded = [String: Bool]()
        for outcome in outcomes {
            let attempt = outcome.attempt
            // The delivery may be gone (endpoint or message deleted meanwhile): then nothing is recorded.
            try await connection.queryIfOpen("""
                INSERT INTO attempts (id, delivery_id, message_id, endpoint_id, app_id, attempt_number, trigger, succeeded, started_at, duration_ms,
                                      response_status, error_kind, error_message, response_body, response_content_type, batch_id)
                SELECT \(attempt.id), \(attempt.deliveryID), \(attempt.messageID), \(attempt.endpointID), \(attempt.appID), \(attempt.attemptNumber),
                       \(attempt.trigger.rawValue), \(attempt.succeeded), \(attempt.startedAt), \(attempt.durationMilliseconds), \(attempt.responseStatus),
                       \(attempt.errorKind), \(attempt.errorMessage), \(ByteBuffer(bytes: attempt.responseBody)), \(attempt.responseContentType), \(attempt.batchID)
                WHERE EXISTS (SELECT 1 FROM deliveries WHERE id = \(attempt.deliveryID))
                """, logger: logger)
            let resent = try await connection.queryIfOpen("""
                UPDATE deliveries SET
                    status = CASE WHEN resend_at IS NULL THEN \(outcome.status.rawValue) ELSE 'failed' END,
                    attempts = \(attempt.attemptNumber),
                    next_attempt_at = CASE WHEN resend_at IS NULL THEN COALESCE(\(outcome.nextAttemptAt)::bigint, next_attempt_at) ELSE resend_at END,
                    lease_until = NULL, lease_owner = NULL, manual = resend_at IS NOT NULL, resend_at = NULL, last_attempt_at = \(attempt.startedAt)
                WHERE id = \(attempt.deliveryID) AND status = 'in_flight'
                RETURNING manual
                """, logger: logger).decode(Bool.self).all()
            if resent.first == true { resendsDue = true }
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
