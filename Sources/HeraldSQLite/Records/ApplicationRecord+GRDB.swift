import GRDB
import HeraldStore

extension ApplicationRecord: FetchableRecord {
    /// Decodes a row of `applications` by column name.
    public init(row: Row) {
        self.init(id: row["id"], uid: row["uid"], name: row["name"], metadata: ColumnJSON.decode(row["metadata"]),
                  createdAt: row["created_at"], updatedAt: row["updated_at"])
    }
}
