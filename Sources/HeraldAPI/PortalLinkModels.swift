import Foundation

/// A portal link just made: the URL to hand over (shown this once: it is not kept) and when
/// it stops working.
public struct PortalLinkCreatedOut: Codable, Sendable, Equatable {
    /// `plk_…`: the id to revoke it by.
    public let id: String
    /// The link: `…/portal/enter?token=…`.
    public let url: String
    /// When it, and every session it opened, stops working.
    public let expiresAt: Date

    /// Creates the representation.
    public init(id: String, url: String, expiresAt: Date) {
        self.id = id
        self.url = url
        self.expiresAt = expiresAt
    }
}

/// A portal link as listed (without its URL).
public struct PortalLinkOut: Codable, Sendable, Equatable {
    /// `plk_…`.
    public let id: String
    /// When it was made.
    public let createdAt: Date
    /// When it stops working.
    public let expiresAt: Date
    /// When it was revoked, if it was.
    public let revokedAt: Date?

    /// Creates the representation.
    public init(id: String, createdAt: Date, expiresAt: Date, revokedAt: Date?) {
        self.id = id
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.revokedAt = revokedAt
    }

    enum CodingKeys: String, CodingKey { case id, createdAt, expiresAt, revokedAt }

    /// Writes `revokedAt` as `null` while the link stands (the document requires the key).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(expiresAt, forKey: .expiresAt)
        try container.encode(revokedAt, forKey: .revokedAt)
    }
}

/// What a portal link is made with.
public struct PortalLinkIn: Codable, Sendable {
    /// How long it lasts: `30m`, `1h`, `24h`, `7d`, at most `30d` (default `1h`).
    public var expiresIn: String?

    /// Creates the request.
    public init(expiresIn: String? = nil) {
        self.expiresIn = expiresIn
    }
}
