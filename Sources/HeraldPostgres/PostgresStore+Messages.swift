import HeraldStore
import NIOCore
import PostgresNIO

extension PostgresStore {
    /// How long an idempotency key is remembered.
    static let idempotencyWindow: Int64 = 24 * 60 * 60 * 1000
    /// The channel every process listens on for deliveries that came due.
    static let deliveriesChannel = "herald_deliveries"

    typealias MessageRow = (String, String, String, String?, String?, ByteBuffer, Int64)
    static let messageColumns = "m.id, m.app_id, m.event_type, m.event_id, m.version, m.payload, m.created_at"

    static func message(_ row: MessageRow) -> MessageRecord {
        MessageRecord(id: row.0, appID: row.1, eventType: row.2, eventID: row.3, version: row.4, payload: Array(row.5.readableBytesView), createdAt: row.6)
    }

    public func acceptMessage(_ submission: MessageSubmission, now: Int64) async throws -> AcceptOutcome {
        let missing = "application \(submission.message.appID) does not exist"
        if submission.idempotency == nil && submission.message.eventID == nil && submission.onlyEndpoint == nil {
            // Nothing to look up first: the message, its deliveries and their notification in
            // one statement, one round trip and one commit instead of five round trips.
            let rows = try await execute(PostgresHotStatements.Accept(submission: submission, now: now, channel: Self.deliveriesChannel), missing: missing)
            guard let (stored, deliveries, _) = rows.first, stored == 1 else { throw Self.changedWhileChecked(submission.message) }
            if deliveries > 0 { deliverySignal.notify() }
            countAcceptedMessage(appID: submission.message.appID, now: now)
            return .accepted(deliveries: deliveries)
        }
        // Two processes accepting the same event id or idempotency key at once: the second
        // waits on the unique index, fails when the first commits, and its second try sees
        // the first's row and answers as a repeat.
        var attempt = 0
        while true {
            attempt += 1
            do {
                let outcome = try await transaction(missing: missing) { connection in
                    try await Self.accept(submission, now: now, on: connection, logger: self.logger)
                }
                if case .accepted(let deliveries) = outcome {
                    if deliveries > 0 { deliverySignal.notify() }
                    countAcceptedMessage(appID: submission.message.appID, now: now)
                }
                return outcome
            } catch let error as StoreError where error.code == .conflict && attempt == 1 {
                continue
            }
        }
    }

    /// The message's application or event type is no longer the version the caller checked it against.
    static func changedWhileChecked(_ message: MessageRecord) -> StoreError {
        StoreError(.changed, "application \(message.appID) or event type '\(message.eventType)' changed or went while the message was checked")
    }

    static func accept(_ submission: MessageSubmission, now: Int64, on connection: PostgresConnection, logger: Logger) async throws -> AcceptOutcome {
        let message = submission.message
        if let claim = submission.idempotency, let earlier = try await earlierAnswer(for: claim, appID: message.appID, now: now, on: connection, logger: logger) {
            return earlier
        }
        if let eventID = message.eventID,
           let existing = try await connection.queryIfOpen("SELECT id FROM messages WHERE app_id = \(message.appID) AND event_id = \(eventID)", logger: logger)
            .decode(String.self).first(where: { _ in true }) {
            try await remember(submission.idempotency, appID: message.appID, outcome: "duplicate", messageID: existing, now: now, on: connection, logger: logger)
            return .duplicateEventID(existingMessageID: existing)
        }
        // Inserted only if the application and the event type the caller checked the message
        // against are still the versions it read (another process may have changed them).
        let versions = submission.readVersions
        let stored = try await connection.queryIfOpen("""
            INSERT INTO messages (id, app_id, event_type, event_id, version, payload, created_at)
            SELECT \(message.id), \(message.appID), \(message.eventType), \(message.eventID), \(message.version), \(ByteBuffer(bytes: message.payload)), \(message.createdAt)
            WHERE \(versions == nil)
               OR (EXISTS (SELECT 1 FROM applications WHERE id = \(message.appID) AND updated_at = \(versions?.applicationUpdatedAt))
                   AND EXISTS (SELECT 1 FROM event_types WHERE name = \(message.eventType) AND updated_at = \(versions?.eventTypeUpdatedAt)))
            RETURNING id
            """, logger: logger).decode(String.self).all()
        if stored.isEmpty { throw changedWhileChecked(message) }
        let inserted = try await connection.queryIfOpen("""
            INSERT INTO deliveries (message_id, endpoint_id, status, attempts, next_attempt_at, created_at)
            SELECT \(message.id), e.id, 'pending', 0, \(now), \(now) FROM endpoints e
            WHERE e.app_id = \(message.appID) AND NOT e.disabled
              AND (CASE WHEN \(submission.onlyEndpoint)::text IS NULL
                        THEN e.all_event_types
                             OR EXISTS (SELECT 1 FROM endpoint_event_types f WHERE f.endpoint_id = e.id AND f.event_type = \(message.eventType))
                        ELSE e.id = \(submission.onlyEndpoint) END)
            RETURNING id
            """, logger: logger).decode(Int64.self).all()
        if !inserted.isEmpty {
            // Delivered at commit, to every process listening.
            try await connection.queryIfOpen("SELECT pg_notify(\(deliveriesChannel), '')", logger: logger)
        }
        try await remember(submission.idempotency, appID: message.appID, outcome: "accepted", messageID: message.id, now: now, on: connection, logger: logger)
        return .accepted(deliveries: inserted.count)
    }

    /// The answer given to an earlier request with the same key, or nil when the key is new
    /// (or so old that it has expired, in which case it is forgotten now).
    private static func earlierAnswer(for claim: IdempotencyClaim, appID: String, now: Int64, on connection: PostgresConnection,
                                      logger: Logger) async throws -> AcceptOutcome? {
        let row = try await connection.queryIfOpen("""
            SELECT request_hash, outcome, message_id, created_at FROM idempotency_keys WHERE app_id = \(appID) AND key = \(claim.key)
            """, logger: logger).decode((ByteBuffer, String, String, Int64).self).first { _ in true }
        guard let (hash, outcome, messageID, createdAt) = row else { return nil }
        if createdAt <= now - idempotencyWindow {
            try await connection.queryIfOpen("DELETE FROM idempotency_keys WHERE app_id = \(appID) AND key = \(claim.key)", logger: logger)
            return nil
        }
        guard hash.readableBytesView.elementsEqual(claim.requestHash) else { return .idempotencyKeyReused }
        return .idempotentReplay(first: outcome == "duplicate" ? .duplicateEventID(existingMessageID: messageID) : .accepted(messageID: messageID))
    }

    private static func remember(_ claim: IdempotencyClaim?, appID: String, outcome: String, messageID: String, now: Int64, on connection: PostgresConnection,
                                 logger: Logger) async throws {
        guard let claim else { return }
        try await connection.queryIfOpen("""
            INSERT INTO idempotency_keys (app_id, key, request_hash, outcome, message_id, created_at)
            VALUES (\(appID), \(claim.key), \(ByteBuffer(bytes: claim.requestHash)), \(outcome), \(messageID), \(now))
            """, logger: logger)
    }

    public func message(appID: String, id: String) async throws -> MessageRecord? {
        try await query("SELECT \(unescaped: Self.messageColumns) FROM messages m WHERE m.app_id = \(appID) AND m.id = \(id)")
            .decode(MessageRow.self).first { _ in true }.map(Self.message)
    }

    public func listMessages(appID: String, filter: MessageFilter, _ page: PageRequest) async throws -> Page<MessageRecord> {
        let rows = try await query("""
            SELECT \(unescaped: Self.messageColumns) FROM messages m
            WHERE m.app_id = \(appID) AND (\(page.after)::text IS NULL OR m.id < \(page.after))
              AND (\(filter.eventType)::text IS NULL OR m.event_type = \(filter.eventType))
              AND (\(filter.before)::bigint IS NULL OR m.created_at < \(filter.before))
              AND (\(filter.after)::bigint IS NULL OR m.created_at > \(filter.after))
              AND \(unescaped: filter.status?.sqlCondition ?? "TRUE")
            ORDER BY m.id DESC LIMIT \(page.limit + 1)
            """).decode(MessageRow.self)
        return rows.paged(limit: page.limit, key: { $0.0 }, map: Self.message)
    }
}
