import Foundation
import GRDB
import HeraldStore

extension ClaimedDelivery: FetchableRecord {
    /// Decodes a row of the claim's join by column name: the delivery's own columns (its batch as
    /// `batch_id`), then the message's and the endpoint's under `message_` and `endpoint_` aliases.
    public init(row: Row) {
        let payload: Data = row["message_payload"]
        let appID: String = row["message_app_id"]
        let message = MessageRecord(id: row["message_id"], appID: appID, eventType: row["message_event_type"], eventID: row["message_event_id"],
                                    version: row["message_version"], payload: Array(payload), createdAt: row["message_created_at"])
        let endpoint = EndpointRecord(id: row["endpoint_id"], appID: appID, url: row["endpoint_url"], description: row["endpoint_description"],
                                      eventTypes: [], disabled: row["endpoint_disabled"], rateLimit: row["endpoint_rate_limit"],
                                      headers: ColumnJSON.decode(row["endpoint_headers"]),
                                      retryScheduleSeconds: ColumnJSON.decodeSchedule(row["endpoint_retry_schedule"]),
                                      batch: ColumnJSON.decodeBatching(maxEvents: row["endpoint_batch_max_events"],
                                                                       maxWaitMilliseconds: row["endpoint_batch_max_wait_ms"]),
                                      timeoutMilliseconds: row["endpoint_timeout_ms"],
                                      createdAt: row["endpoint_created_at"], updatedAt: row["endpoint_updated_at"])
        self.init(deliveryID: row["delivery_id"], attemptsMade: row["attempts"], manual: row["manual"], message: message, endpoint: endpoint,
                  batchID: row["batch_id"])
    }
}
