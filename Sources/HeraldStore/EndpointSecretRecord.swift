/// One signing secret of an endpoint: the current one has no expiry; rotated-out ones keep
/// signing until `expiresAt`.
public struct EndpointSecretRecord: Sendable, Equatable {
    /// The `whsec_…` text.
    public var key: String
    /// Milliseconds since 1970 when it stops signing; nil for the current secret.
    public var expiresAt: Int64?
    /// Milliseconds since 1970.
    public var createdAt: Int64

    /// Creates a record.
    public init(key: String, expiresAt: Int64?, createdAt: Int64) {
        self.key = key
        self.expiresAt = expiresAt
        self.createdAt = createdAt
    }
}
