/// A JSON value as defined by RFC 8259.
///
/// Numbers keep their exact source text (see ``JSONNumber``) and objects keep
/// their members in document order, duplicates included (see ``JSONMember``).
///
/// Equality is JSON data-model equality: numbers compare by mathematical value
/// (`1 == 1.0 == 1e0`), arrays compare element by element, and objects compare
/// as unordered maps in which the last member of a given name wins. Use
/// ``serialized()`` when a byte-exact comparison is needed.
public enum JSONValue: Sendable, Equatable {
    /// The literal `null`.
    case null
    /// The literals `true` and `false`.
    case bool(Bool)
    /// A number, with its exact source text.
    case number(JSONNumber)
    /// A string.
    case string(String)
    /// An array of values in document order.
    case array([JSONValue])
    /// An object whose members are kept in document order.
    case object([JSONMember])

    /// The value of the last member named `key` if this is an object, otherwise `nil`.
    public subscript(key key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.last(where: { $0.key == key })?.value
    }

    /// The element at `index` if this is an array and the index is in range, otherwise `nil`.
    public subscript(index index: Int) -> JSONValue? {
        guard case .array(let elements) = self, elements.indices.contains(index) else { return nil }
        return elements[index]
    }

    /// `true` if this is `null`.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// The payload if this is a boolean, otherwise `nil`.
    public var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    /// The payload if this is a number, otherwise `nil`.
    public var numberValue: JSONNumber? {
        if case .number(let value) = self { return value }
        return nil
    }

    /// The payload if this is a string, otherwise `nil`.
    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The elements if this is an array, otherwise `nil`.
    public var arrayValue: [JSONValue]? {
        if case .array(let value) = self { return value }
        return nil
    }

    /// The members in document order if this is an object, otherwise `nil`.
    public var objectMembers: [JSONMember]? {
        if case .object(let value) = self { return value }
        return nil
    }

    /// JSON data-model equality; see the type documentation.
    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null):
            return true
        case (.bool(let a), .bool(let b)):
            return a == b
        case (.number(let a), .number(let b)):
            return a == b
        case (.string(let a), .string(let b)):
            return a == b
        case (.array(let a), .array(let b)):
            return a == b
        case (.object(let a), .object(let b)):
            return JSONObjectEquality.membersEqual(a, b)
        default:
            return false
        }
    }
}
