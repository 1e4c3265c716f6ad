import GRDB
import HeraldStore

extension EventTypeRecord: FetchableRecord {
    /// Decodes a row of `event_types` by column name.
    public init(row: Row) {
        self.init(name: row["name"], description: row["description"], schema: row["schema"], deprecated: row["deprecated"],
                  version: row["version"], createdAt: row["created_at"], updatedAt: row["updated_at"])
    }
}
