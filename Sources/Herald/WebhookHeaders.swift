/// The names of the Standard Webhooks headers, in the lower case HTTP/2 uses.
public enum WebhookHeaders {
    /// The message id: the same on every retry, the receiver's idempotency key.
    public static let id = "webhook-id"
    /// Unix seconds at which this attempt was signed.
    public static let timestamp = "webhook-timestamp"
    /// Space-separated `version,base64` signatures.
    public static let signature = "webhook-signature"
    /// The event type's version, when it has one.
    public static let version = "x-webhook-version"
    /// How many events a batch request carries (batched endpoints only); its `webhook-id` is
    /// then the batch's `bat_…` id, and each event carries its message id in `"id"`.
    public static let batchSize = "webhook-batch-size"
}
