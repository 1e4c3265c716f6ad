/// A link that opens one application's portal: made by the operator (through the API) for
/// the application's owner to hand to its customer, valid until it expires or is revoked.
/// The link itself carries a signature over its id and expiry; the store keeps what the
/// signature cannot say: which application, and whether it was revoked.
public struct PortalLinkRecord: Sendable, Equatable {
    /// `plk_…`.
    public let id: String
    /// The application whose portal it opens (`app_…`).
    public let appID: String
    /// Milliseconds since 1970.
    public let createdAt: Int64
    /// After this (milliseconds since 1970) the link and the sessions it opened stop working.
    public let expiresAt: Int64
    /// When it was revoked, if it was (milliseconds since 1970).
    public let revokedAt: Int64?

    /// A link.
    public init(id: String, appID: String, createdAt: Int64, expiresAt: Int64, revokedAt: Int64? = nil) {
        self.id = id
        self.appID = appID
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.revokedAt = revokedAt
    }

    /// True while the link opens its portal: not revoked, not expired at `now`.
    public func isUsable(now: Int64) -> Bool { revokedAt == nil && now < expiresAt }
}
