/// An event type of the catalog as stored.
public struct EventTypeRecord: Sendable, Equatable {
    /// `resource.action`.
    public var name: String
    /// Documentation text.
    public var description: String
    /// The JSON Schema document, as JSON text, if any.
    public var schema: String?
    /// Whether the type is deprecated.
    public var deprecated: Bool
    /// The version sent to receivers, if any.
    public var version: String?
    /// Milliseconds since 1970.
    public var createdAt: Int64
    /// Milliseconds since 1970.
    public var updatedAt: Int64

    /// Creates a record.
    public init(name: String, description: String, schema: String?, deprecated: Bool, version: String?, createdAt: Int64, updatedAt: Int64) {
        self.name = name
        self.description = description
        self.schema = schema
        self.deprecated = deprecated
        self.version = version
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}
