import GRDB
import HeraldStore

extension SQLiteStore {
    public func assignBatch(_ batchID: String, deliveryIDs: [Int64]) async throws {
        guard !deliveryIDs.isEmpty else { return }
        try await write(durable: false) { db in
            try db.cachedStatement(sql: """
                UPDATE deliveries SET batch_id = ? WHERE status = 'in_flight' AND id IN (SELECT value FROM json_each(?))
                """).execute(arguments: [batchID, ColumnJSON.array(deliveryIDs)])
        }
    }
}
