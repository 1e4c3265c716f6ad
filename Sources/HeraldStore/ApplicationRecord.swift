/// An application as stored.
public struct ApplicationRecord: Sendable, Equatable {
    /// `app_…`.
    public var id: String
    /// The producer's own unique id, if set.
    public var uid: String?
    /// Display name.
    public var name: String
    /// Free-form string pairs.
    public var metadata: [String: String]
    /// Milliseconds since 1970.
    public var createdAt: Int64
    /// Milliseconds since 1970.
    public var updatedAt: Int64

    /// Creates a record.
    public init(id: String, uid: String?, name: String, metadata: [String: String], createdAt: Int64, updatedAt: Int64) {
        self.id = id
        self.uid = uid
        self.name = name
        self.metadata = metadata
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}
