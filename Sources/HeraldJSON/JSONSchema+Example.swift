extension JSONSchema {
    /// A value this schema accepts, for showing what an event looks like and for test sends:
    /// the schema's own `examples[0]`, `default`, `const` or first `enum` value where it gives
    /// one; otherwise one built from `type`, every property of an object (required ones and
    /// the rest), one item of an array, numbers at their `minimum` (or 0, or 1 above an
    /// `exclusiveMinimum`), strings of their `minLength` or a placeholder that fits a `format`.
    /// Nil when what it builds does not validate (a `pattern`, say, it cannot satisfy).
    public func example() -> JSONValue? {
        let value = Self.example(of: document, depth: 0)
        // Not `isValid(value) ? value : nil`: JSONValue is expressible by `nil` (as `.null`),
        // so that ternary answers `.null` for a value that does not validate.
        guard isValid(value) else { return Optional.none }
        return value
    }

    private static func example(of schema: JSONValue, depth: Int) -> JSONValue {
        if case .bool = schema { return .object([]) }
        guard depth < 16 else { return .null }
        if let first = schema[key: "examples"]?.arrayValue?.first { return first }
        if let value = schema[key: "default"] { return value }
        if let value = schema[key: "const"] { return value }
        if let first = schema[key: "enum"]?.arrayValue?.first { return first }
        switch type(of: schema) {
        case "object":
            let properties = schema[key: "properties"]?.objectMembers ?? []
            return .object(properties.map { JSONMember($0.key, example(of: $0.value, depth: depth + 1)) })
        case "array":
            let count = max(1, schema[key: "minItems"]?.numberValue.flatMap { Int($0.text) } ?? 1)
            let item = schema[key: "items"].map { example(of: $0, depth: depth + 1) } ?? .string("example")
            return .array(Array(repeating: item, count: min(count, 8)))
        case "integer", "number":
            if let minimum = schema[key: "minimum"]?.numberValue { return .number(minimum) }
            if let exclusive = schema[key: "exclusiveMinimum"]?.numberValue, let floor = Int64(exclusive.text) { return .number(JSONNumber(floor + 1)) }
            if let maximum = schema[key: "maximum"]?.numberValue, let ceiling = Int64(maximum.text), ceiling < 0 { return .number(JSONNumber(ceiling)) }
            return .number(JSONNumber(0))
        case "boolean":
            return .bool(true)
        case "null":
            return .null
        default:
            return .string(string(for: schema))
        }
    }

    /// `type`, or the first non-null one of a list; from the keywords present when absent.
    private static func type(of schema: JSONValue) -> String {
        if let type = schema[key: "type"]?.stringValue { return type }
        if let types = schema[key: "type"]?.arrayValue?.compactMap(\.stringValue) { return types.first { $0 != "null" } ?? "null" }
        if schema[key: "properties"] != nil { return "object" }
        if schema[key: "items"] != nil { return "array" }
        return "string"
    }

    private static func string(for schema: JSONValue) -> String {
        let text: String = switch schema[key: "format"]?.stringValue {
        case "date-time": "2026-12-01T08:00:00.000Z"
        case "date": "2026-12-01"
        case "email": "someone@example.com"
        case "uri", "url": "https://example.com/"
        case "uuid": "3f2b1c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d"
        default: "example"
        }
        let minimum = schema[key: "minLength"]?.numberValue.flatMap { Int($0.text) } ?? 0
        return text.count >= minimum ? text : text + String(repeating: "x", count: minimum - text.count)
    }
}
