/// One `"key": value` member of a JSON object.
public struct JSONMember: Sendable, Equatable {
    /// The member name, with escapes decoded.
    public var key: String
    /// The member value.
    public var value: JSONValue

    /// Creates a member named `key` holding `value`.
    public init(_ key: String, _ value: JSONValue) {
        self.key = key
        self.value = value
    }
}
