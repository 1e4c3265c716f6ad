import Herald
import HeraldStore
import Foundation
import GRDB

extension SQLiteStore {
    public func acceptMessage(_ submission: MessageSubmission, now: Int64) async throws -> AcceptOutcome {
        do {
            let outcome = try await acceptQueue.submit((submission, now))
            if case .accepted(let deliveries) = outcome, deliveries > 0 { deliverySignal.notify() }
            return outcome
        } catch let error as StoreError {
            throw error
        } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_FOREIGNKEY {
            throw StoreError(.notFound, "application \(submission.message.appID) does not exist")
        } catch {
            throw StoreError(.unavailable, "could not store the message: \(error)")
        }
    }

    public func message(appID: String, id: String) async throws -> MessageRecord? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM messages WHERE app_id = ? AND id = ?", arguments: [appID, id]).map(MessageRecord.init(row:))
        }
    }

    public func listMessages(appID: String, filter: MessageFilter, _ page: PageRequest) async throws -> Page<MessageRecord> {
        try await read { db in
            try Row.fetchAll(db, sql: """
                SELECT m.* FROM messages m
                WHERE m.app_id = ? AND (? IS NULL OR m.id < ?) AND (? IS NULL OR m.event_type = ?)
                  AND (? IS NULL OR m.created_at < ?) AND (? IS NULL OR m.created_at > ?)
                  AND \(filter.status?.sqlCondition ?? "1")
                ORDER BY m.id DESC LIMIT ?
                """, arguments: [appID, page.after, page.after, filter.eventType, filter.eventType,
                                 filter.before, filter.before, filter.after, filter.after, page.limit + 1])
                .paged(limit: page.limit, key: { $0["id"] }, map: MessageRecord.init(row:))
        }
    }
}
