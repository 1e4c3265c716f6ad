import Herald
import HeraldStore
import Foundation
import GRDB

extension SQLiteStore {
    public func recordAttempts(_ outcomes: [AttemptOutcome], now: Int64, failingSinceLimit: Int64) async throws -> [String] {
        guard !outcomes.isEmpty else { return [] }
        let written = try await attemptQueue.submit((outcomes, now, failingSinceLimit))
        // A resend that waited for an attempt on the wire is due now: dispatchers look again.
        if written.resendsDue { deliverySignal.notify() }
        return written.disabledEndpoints
    }

    /// What writing a batch of attempts changed beyond the attempts themselves.
    struct WrittenAttempts: Sendable {
        /// Endpoints disabled by these attempts.
        var disabledEndpoints: [String] = []
        /// Some delivery had a resend waiting for its attempt, and is due again.
        var resendsDue = false
    }

    /// One batch of attempts in one transaction (called by the attempt queue).
    ///
    /// A batched endpoint's request brings one outcome per member, all for the same endpoint:
    /// its health changes only when an outcome differs from the one before it for that endpoint
    /// (a success after failures, a failure after successes) or asks for the endpoint to be
    /// disabled, so repeats skip the endpoint's statements: a hundred members' outcomes are two
    /// hundred row writes (attempt, delivery) and one endpoint update, about 3 ms in a debug build.
    static func writeAttempts(_ outcomes: [AttemptOutcome], now: Int64, failingSinceLimit: Int64, in db: Database) throws -> WrittenAttempts {
        var written = WrittenAttempts()
        // Per endpoint, whether the last outcome written in this transaction succeeded.
        var lastSucceeded = [String: Bool]()
        for outcome in outcomes {
            let attempt = outcome.attempt
            // The delivery may be gone (endpoint or message deleted meanwhile): then there is nothing to record.
            try db.cachedStatement(sql: """
                INSERT INTO attempts (id, delivery_id, message_id, endpoint_id, app_id, attempt_number, trigger, succeeded, started_at, duration_ms,
                                      response_status, error_kind, error_message, response_body, response_content_type, batch_id)
                SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM deliveries WHERE id = ?)
                """).execute(arguments: [attempt.id, attempt.deliveryID, attempt.messageID, attempt.endpointID, attempt.appID, attempt.attemptNumber,
                                         attempt.trigger.rawValue, attempt.succeeded, attempt.startedAt, attempt.durationMilliseconds,
                                         attempt.responseStatus, attempt.errorKind, attempt.errorMessage, Data(attempt.responseBody),
                                         attempt.responseContentType, attempt.batchID, attempt.deliveryID])
            // A resend asked for while this attempt was on the wire (`resend_at`) wins over the
            // attempt's own outcome: the delivery is due again then, for a manual attempt.
            let resent = try Bool.fetchOne(db.cachedStatement(sql: """
                UPDATE deliveries SET
                    status = CASE WHEN resend_at IS NULL THEN ? ELSE 'failed' END,
                    attempts = ?,
                    next_attempt_at = CASE WHEN resend_at IS NULL THEN COALESCE(?, next_attempt_at) ELSE resend_at END,
                    lease_until = NULL, manual = resend_at IS NOT NULL, resend_at = NULL, last_attempt_at = ?
                WHERE id = ? AND status = 'in_flight'
                RETURNING manual
                """), arguments: [outcome.status.rawValue, attempt.attemptNumber, outcome.nextAttemptAt, attempt.startedAt, attempt.deliveryID])
            if resent == true { written.resendsDue = true }
            let previous = lastSucceeded.updateValue(attempt.succeeded, forKey: attempt.endpointID)
            if attempt.succeeded {
                // After a success in this transaction, failing_since is already NULL.
                if previous == true { continue }
                try db.cachedStatement(sql: "UPDATE endpoints SET failing_since = NULL WHERE id = ? AND failing_since IS NOT NULL")
                    .execute(arguments: [attempt.endpointID])
                continue
            }
            // After a failure in this transaction, failing_since is set and was already held
            // against the limit (and the endpoint disabled if it was reached): only an explicit
            // request to disable can change anything.
            if previous == false && !outcome.disableEndpoint { continue }
            try db.cachedStatement(sql: "UPDATE endpoints SET failing_since = COALESCE(failing_since, ?) WHERE id = ?")
                .execute(arguments: [attempt.startedAt, attempt.endpointID])
            let failingTooLong = try Bool.fetchOne(db.cachedStatement(sql: "SELECT failing_since <= ? FROM endpoints WHERE id = ? AND disabled = 0"),
                                                   arguments: [failingSinceLimit, attempt.endpointID]) ?? false
            if outcome.disableEndpoint || failingTooLong {
                try db.execute(sql: "UPDATE endpoints SET disabled = 1, updated_at = ? WHERE id = ? AND disabled = 0", arguments: [now, attempt.endpointID])
                if db.changesCount > 0 { written.disabledEndpoints.append(attempt.endpointID) }
                try cancelWaiting(endpointID: attempt.endpointID, in: db)
            }
        }
        return written
    }

    public func listAttempts(appID: String, messageID: String?, endpointID: String?, filter: AttemptFilter, _ page: PageRequest) async throws -> Page<AttemptRecord> {
        try await read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM attempts
                WHERE app_id = ? AND (? IS NULL OR message_id = ?) AND (? IS NULL OR endpoint_id = ?)
                  AND (? IS NULL OR succeeded = ?) AND (? IS NULL OR trigger = ?) AND (? IS NULL OR id < ?)
                ORDER BY id DESC LIMIT ?
                """, arguments: [appID, messageID, messageID, endpointID, endpointID, filter.succeeded, filter.succeeded,
                                 filter.trigger?.rawValue, filter.trigger?.rawValue, page.after, page.after, page.limit + 1])
                .paged(limit: page.limit, key: { $0["id"] }, map: AttemptRecord.init(row:))
        }
    }
}
