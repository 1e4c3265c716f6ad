import GRDB
import HeraldStore

extension EndpointSecretRecord: FetchableRecord {
    /// Decodes a row of `endpoint_secrets` by column name.
    public init(row: Row) {
        self.init(key: row["key"], expiresAt: row["expires_at"], createdAt: row["created_at"])
    }
}
