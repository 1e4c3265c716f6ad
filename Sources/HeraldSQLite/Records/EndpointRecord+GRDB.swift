import GRDB
import HeraldStore

extension EndpointRecord: FetchableRecord {
    /// Decodes a row of `endpoints` by column name. Its event-type filter lives in a table of its
    /// own: `eventTypes` is empty here, and the store fills it in where the filter is wanted.
    public init(row: Row) {
        self.init(id: row["id"], appID: row["app_id"], url: row["url"], description: row["description"], eventTypes: [],
                  disabled: row["disabled"], rateLimit: row["rate_limit"], headers: ColumnJSON.decode(row["headers"]),
                  retryScheduleSeconds: ColumnJSON.decodeSchedule(row["retry_schedule"]),
                  batch: ColumnJSON.decodeBatching(maxEvents: row["batch_max_events"], maxWaitMilliseconds: row["batch_max_wait_ms"]),
                  timeoutMilliseconds: row["timeout_ms"],
                  createdAt: row["created_at"], updatedAt: row["updated_at"])
    }
}
