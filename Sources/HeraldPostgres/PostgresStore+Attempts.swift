import HeraldStore
import NIOCore
import PostgresNIO

extension PostgresStore {
    public func recordAttempts(_ outcomes: [AttemptOutcome], now: Int64, failingSinceLimit: Int64) async throws -> [String] {
        guard !outcomes.isEmpty else { return [] }
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
        let attempts = outcomes.map(\.attempt)
        let resent = try await connection.queryIfOpen("""
            WITH input AS (
                SELECT * FROM unnest(
                    \(attempts.map(\.id))::text[], \(attempts.map(\.deliveryID))::bigint[], \(attempts.map(\.messageID))::text[],
                    \(attempts.map(\.endpointID))::text[], \(attempts.map(\.appID))::text[], \(attempts.map { Int32($0.attemptNumber) })::int[],
                    \(attempts.map(\.trigger.rawValue))::text[], \(attempts.map(\.succeeded))::boolean[], \(attempts.map(\.startedAt))::bigint[],
                    \(attempts.map(\.durationMilliseconds))::bigint[], \(NullableArray(attempts.map { $0.responseStatus.map(Int32.init) }))::int[],
                    \(NullableArray(attempts.map(\.errorKind)))::text[], \(NullableArray(attempts.map(\.errorMessage)))::text[],
                    \(attempts.map { ByteBuffer(bytes: $0.responseBody) })::bytea[], \(NullableArray(attempts.map(\.responseContentType)))::text[],
                    \(NullableArray(attempts.map(\.batchID)))::text[], \(outcomes.map(\.status.rawValue))::text[],
                    \(NullableArray(outcomes.map(\.nextAttemptAt)))::bigint[]
                ) AS t(id, delivery_id, message_id, endpoint_id, app_id, attempt_number, trigger, succeeded, started_at, duration_ms,
                       response_status, error_kind, error_message, response_body, response_content_type, batch_id, next_status, next_attempt_at)
            ),
            written AS (
                INSERT INTO attempts (id, delivery_id, message_id, endpoint_id, app_id, attempt_number, trigger, succeeded, started_at, duration_ms,
                                      response_status, error_kind, error_message, response_body, response_content_type, batch_id)
                SELECT i.id, i.delivery_id, i.message_id, i.endpoint_id, i.app_id, i.attempt_number, i.trigger, i.succeeded, i.started_at, i.duration_ms,
                       i.response_status, i.error_kind, i.error_message, i.response_body, i.response_content_type, i.batch_id
                FROM input i WHERE EXISTS (SELECT 1 FROM deliveries d WHERE d.id = i.delivery_id)
            )
            UPDATE deliveries d SET
                status = CASE WHEN d.resend_at IS NULL THEN i.next_status ELSE 'failed' END,
                attempts = i.attempt_number,
                next_attempt_at = CASE WHEN d.resend_at IS NULL THEN COALESCE(i.next_attempt_at, d.next_attempt_at) ELSE d.resend_at END,
                lease_until = NULL, lease_owner = NULL, manual = d.resend_at IS NOT NULL, resend_at = NULL, last_attempt_at = i.started_at
            FROM input i WHERE d.id = i.delivery_id AND d.status = 'in_flight'
            RETURNING d.manual
            """, logger: logger).decode(Bool.self).all()
        return resent.contains(true)
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
