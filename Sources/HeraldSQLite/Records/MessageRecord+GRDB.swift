import Foundation
import GRDB
import HeraldStore

extension MessageRecord: FetchableRecord {
    /// Decodes a row of `messages` by column name.
    public init(row: Row) {
        let payload: Data = row["payload"]
        self.init(id: row["id"], appID: row["app_id"], eventType: row["event_type"], eventID: row["event_id"], version: row["version"],
                  payload: Array(payload), createdAt: row["created_at"])
    }
}
