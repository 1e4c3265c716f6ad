import HeraldStore
import Foundation
import GRDB

/// The statements of one message acceptance, run inside the group commit's transaction.
enum SQLiteMessageWriter {
    /// How long an idempotency key is remembered.
    static let idempotencyWindow: Int64 = 24 * 60 * 60 * 1000

    static func accept(_ submission: MessageSubmission, now: Int64, in db: Database) throws -> AcceptOutcome {
        let message = submission.message
        if let claim = submission.idempotency, let earlier = try earlierAnswer(for: claim, appID: message.appID, now: now, in: db) {
            return earlier
        }
        if let eventID = message.eventID,
           let existing = try db.cachedStatement(sql: "SELECT id FROM messages WHERE app_id = ? AND event_id = ?").fetchOneString([message.appID, eventID]) {
            try remember(submission.idempotency, appID: message.appID, outcome: "duplicate", messageID: existing, now: now, in: db)
            return .duplicateEventID(existingMessageID: existing)
        }
        try db.cachedStatement(sql: """
            INSERT INTO messages (id, app_id, event_type, event_id, version, payload, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [message.id, message.appID, message.eventType, message.eventID, message.version, Data(message.payload), message.createdAt])
        try db.cachedStatement(sql: """
            INSERT INTO deliveries (message_id, endpoint_id, status, attempts, next_attempt_at, created_at)
            SELECT ?, e.id, 'pending', 0, ?, ? FROM endpoints e
            WHERE e.app_id = ? AND e.disabled = 0
              AND (CASE WHEN ? IS NULL
                        THEN e.all_event_types = 1
                             OR EXISTS (SELECT 1 FROM endpoint_event_types f WHERE f.endpoint_id = e.id AND f.event_type = ?)
                        ELSE e.id = ? END)
            """).execute(arguments: [message.id, now, now, message.appID, submission.onlyEndpoint, message.eventType, submission.onlyEndpoint])
        let deliveries = db.changesCount
        try remember(submission.idempotency, appID: message.appID, outcome: "accepted", messageID: message.id, now: now, in: db)
        return .accepted(deliveries: deliveries)
    }

    /// The answer given to an earlier request with the same key, or nil when the key is new
    /// (or so old that it has expired, in which case it is forgotten now).
    private static func earlierAnswer(for claim: IdempotencyClaim, appID: String, now: Int64, in db: Database) throws -> AcceptOutcome? {
        let row = try db.cachedStatement(sql: "SELECT request_hash, outcome, message_id, created_at FROM idempotency_keys WHERE app_id = ? AND key = ?")
            .fetchOneRow([appID, claim.key])
        guard let row else { return nil }
        let createdAt: Int64 = row["created_at"]
        if createdAt <= now - idempotencyWindow {
            try db.cachedStatement(sql: "DELETE FROM idempotency_keys WHERE app_id = ? AND key = ?").execute(arguments: [appID, claim.key])
            return nil
        }
        let hash: Data = row["request_hash"]
        guard hash.elementsEqual(claim.requestHash) else { return .idempotencyKeyReused }
        let messageID: String = row["message_id"]
        let outcome: String = row["outcome"]
        return .idempotentReplay(first: outcome == "duplicate" ? .duplicateEventID(existingMessageID: messageID) : .accepted(messageID: messageID))
    }

    private static func remember(_ claim: IdempotencyClaim?, appID: String, outcome: String, messageID: String, now: Int64, in db: Database) throws {
        guard let claim else { return }
        try db.cachedStatement(sql: """
            INSERT INTO idempotency_keys (app_id, key, request_hash, outcome, message_id, created_at) VALUES (?, ?, ?, ?, ?, ?)
            """).execute(arguments: [appID, claim.key, Data(claim.requestHash), outcome, messageID, now])
    }
}

extension Statement {
    /// The first column of the first row as a string, or nil.
    func fetchOneString(_ arguments: StatementArguments) throws -> String? {
        try String.fetchOne(self, arguments: arguments)
    }

    /// The first row, or nil.
    func fetchOneRow(_ arguments: StatementArguments) throws -> Row? {
        try Row.fetchOne(self, arguments: arguments)
    }
}
