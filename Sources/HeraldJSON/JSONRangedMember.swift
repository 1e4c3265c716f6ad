/// A member of a top-level JSON object together with where its value sits in the input.
public struct JSONRangedMember: Sendable, Equatable {
    /// The member name, with escapes decoded.
    public let key: String
    /// The parsed member value.
    public let value: JSONValue
    /// Byte offsets of the value's text in the input, from its first byte to
    /// just after its last byte (surrounding whitespace excluded).
    public let valueRange: Range<Int>

    /// Creates a ranged member.
    public init(key: String, value: JSONValue, valueRange: Range<Int>) {
        self.key = key
        self.value = value
        self.valueRange = valueRange
    }
}
