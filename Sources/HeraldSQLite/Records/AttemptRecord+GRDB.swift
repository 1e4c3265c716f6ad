import Foundation
import GRDB
import HeraldStore

extension AttemptRecord: FetchableRecord {
    /// Decodes a row of `attempts` by column name.
    public init(row: Row) {
        let body: Data = row["response_body"]
        let trigger: String = row["trigger"]
        self.init(id: row["id"], deliveryID: row["delivery_id"], messageID: row["message_id"], endpointID: row["endpoint_id"], appID: row["app_id"],
                  attemptNumber: row["attempt_number"], trigger: AttemptTrigger(rawValue: trigger) ?? .scheduled, succeeded: row["succeeded"],
                  startedAt: row["started_at"], durationMilliseconds: row["duration_ms"], responseStatus: row["response_status"],
                  errorKind: row["error_kind"], errorMessage: row["error_message"], responseBody: Array(body),
                  responseContentType: row["response_content_type"], batchID: row["batch_id"])
    }
}
