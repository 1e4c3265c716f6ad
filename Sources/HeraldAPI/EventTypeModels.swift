import Foundation

/// An entry of the event catalog.
public struct EventTypeOut: Codable, Sendable, Equatable {
    /// `resource.action`, e.g. `order.created`.
    public let name: String
    /// What the event means, for the documentation.
    public let description: String
    /// A JSON Schema every payload of this type must satisfy, if any.
    public let schema: AnyJSON?
    /// Deprecated types still accept messages; documentation marks them.
    public let deprecated: Bool
    /// Sent to receivers as `X-Webhook-Version` and `"version"` in the envelope.
    public let version: String?
    /// When it was created.
    public let createdAt: Date
    /// When it last changed.
    public let updatedAt: Date

    /// Creates the representation.
    public init(name: String, description: String, schema: AnyJSON?, deprecated: Bool, version: String?, createdAt: Date, updatedAt: Date) {
        self.name = name
        self.description = description
        self.schema = schema
        self.deprecated = deprecated
        self.version = version
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    enum CodingKeys: String, CodingKey { case name, description, schema, deprecated, version, createdAt, updatedAt }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(description, forKey: .description)
        try container.encode(schema, forKey: .schema)
        try container.encode(deprecated, forKey: .deprecated)
        try container.encode(version, forKey: .version)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(updatedAt, forKey: .updatedAt)
    }
}

/// `POST /api/v1/event-types`.
public struct EventTypeIn: Codable, Sendable {
    /// Required, `^[a-zA-Z0-9_]+(\.[a-zA-Z0-9_]+)*$`.
    public var name: String
    /// Optional description.
    public var description: String?
    /// Optional JSON Schema (the supported subset: type, properties, required, items, enum,
    /// additionalProperties, minimum/maximum, minLength/maxLength, …).
    public var schema: AnyJSON?
    /// Optional, default false.
    public var deprecated: Bool?
    /// Optional version string.
    public var version: String?

    /// Creates the request body.
    public init(name: String, description: String? = nil, schema: AnyJSON? = nil, deprecated: Bool? = nil, version: String? = nil) {
        self.name = name
        self.description = description
        self.schema = schema
        self.deprecated = deprecated
        self.version = version
    }
}

/// `PATCH /api/v1/event-types/{name}`: absent fields stay as they are.
public struct EventTypePatch: Codable, Sendable {
    /// A new description.
    public var description: String?
    /// A new schema.
    public var schema: AnyJSON?
    /// Deprecate or undeprecate.
    public var deprecated: Bool?
    /// A new version.
    public var version: String?

    /// Creates the request body.
    public init(description: String? = nil, schema: AnyJSON? = nil, deprecated: Bool? = nil, version: String? = nil) {
        self.description = description
        self.schema = schema
        self.deprecated = deprecated
        self.version = version
    }
}
