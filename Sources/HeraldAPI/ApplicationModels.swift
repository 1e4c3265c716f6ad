import Foundation

/// An application: one per customer of the producer, owning endpoints and messages.
public struct ApplicationOut: Codable, Sendable, Equatable {
    /// Herald's id, `app_…`.
    public let id: String
    /// The producer's own id for this customer, unique; usable in paths instead of `id`.
    public let uid: String?
    /// A display name.
    public let name: String
    /// Free-form string pairs the producer keeps with the application.
    public let metadata: [String: String]
    /// When it was created.
    public let createdAt: Date
    /// When it last changed.
    public let updatedAt: Date

    /// Creates the representation.
    public init(id: String, uid: String?, name: String, metadata: [String: String], createdAt: Date, updatedAt: Date) {
        self.id = id
        self.uid = uid
        self.name = name
        self.metadata = metadata
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    enum CodingKeys: String, CodingKey { case id, uid, name, metadata, createdAt, updatedAt }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(uid, forKey: .uid)
        try container.encode(name, forKey: .name)
        try container.encode(metadata, forKey: .metadata)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(updatedAt, forKey: .updatedAt)
    }
}

/// `POST /api/v1/apps`.
public struct ApplicationIn: Codable, Sendable {
    /// Required, 1 to 256 characters.
    public var name: String
    /// Optional, unique, 1 to 256 characters of letters, digits, `-`, `_`, `.`.
    public var uid: String?
    /// Optional string pairs.
    public var metadata: [String: String]?

    /// Creates the request body.
    public init(name: String, uid: String? = nil, metadata: [String: String]? = nil) {
        self.name = name
        self.uid = uid
        self.metadata = metadata
    }
}

/// `PATCH /api/v1/apps/{app}`: every field optional; absent fields stay as they are.
public struct ApplicationPatch: Codable, Sendable {
    /// A new name.
    public var name: String?
    /// A new uid.
    public var uid: String?
    /// New metadata, replacing the old.
    public var metadata: [String: String]?

    /// Creates the request body.
    public init(name: String? = nil, uid: String? = nil, metadata: [String: String]? = nil) {
        self.name = name
        self.uid = uid
        self.metadata = metadata
    }
}
