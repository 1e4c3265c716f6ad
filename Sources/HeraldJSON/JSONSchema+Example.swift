extension JSONSchema {
    /// A value this schema accepts, for showing what an event looks like and for test sends.
    ///
    /// At each level, the schema's own `examples[0]`, `default`, `const` or first `enum` value
    /// when it validates there; otherwise one built from `type` (the first non-null one of a
    /// list, or the one its keywords imply): an object with every listed property and every
    /// required one, an array of `minItems` items (one by default, at most `maxItems`), a number
    /// within `minimum`/`maximum` and their exclusive forms (0 when they allow it), a string
    /// that fits its `format` (date-time, date, email, uri, uuid), padded to `minLength` and cut
    /// to `maxLength`, or one of a few common shapes that matches its `pattern`.
    /// Nil when what it builds does not validate (a `pattern` none of those shapes matches, say).
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
        let local = try? JSONSchema(schema)
        let given = [schema[key: "examples"]?.arrayValue?.first, schema[key: "default"], schema[key: "const"], schema[key: "enum"]?.arrayValue?.first]
        for case let value? in given where local?.isValid(value) ?? false { return value }
        switch type(of: schema) {
        case "object":
            var members = (schema[key: "properties"]?.objectMembers ?? []).map { JSONMember($0.key, example(of: $0.value, depth: depth + 1)) }
            let listed = Set(members.map(\.key))
            let additional = schema[key: "additionalProperties"]
            for name in schema[key: "required"]?.arrayValue?.compactMap(\.stringValue) ?? [] where !listed.contains(name) {
                members.append(JSONMember(name, additional.map { example(of: $0, depth: depth + 1) } ?? .string("example")))
            }
            return .object(members)
        case "array":
            // One item, or as many as `minItems` asks (within reason), and no more than `maxItems`.
            let count = min(max(1, integer(schema[key: "minItems"]) ?? 1), integer(schema[key: "maxItems"]) ?? .max, 1000)
            let item = schema[key: "items"].map { example(of: $0, depth: depth + 1) } ?? .string("example")
            return .array(Array(repeating: item, count: count))
        case "integer":
            return .number(JSONNumber(integerWithin(schema) ?? 0))
        case "number":
            return .number(numberWithin(schema) ?? JSONNumber(0))
        case "boolean":
            return .bool(true)
        case "null":
            return .null
        default:
            return .string(string(for: schema, local))
        }
    }

    /// `type`, or the first non-null one of a list; from the keywords present when absent.
    private static func type(of schema: JSONValue) -> String {
        if let type = schema[key: "type"]?.stringValue { return type }
        if let types = schema[key: "type"]?.arrayValue?.compactMap(\.stringValue) { return types.first { $0 != "null" } ?? "null" }
        if schema[key: "properties"] != nil || schema[key: "required"] != nil || schema[key: "additionalProperties"] != nil { return "object" }
        if schema[key: "items"] != nil || schema[key: "minItems"] != nil { return "array" }
        if ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"].contains(where: { schema[key: $0] != nil }) { return "number" }
        return "string"
    }

    private static func integer(_ value: JSONValue?) -> Int? {
        value?.numberValue.flatMap { Int($0.text) }
    }

    private static func double(_ schema: JSONValue, _ key: String) -> Double? {
        schema[key: key]?.numberValue.flatMap { Double($0.text) }
    }

    /// The bounds a number must keep: (lowest, inclusive), (highest, inclusive).
    private static func bounds(_ schema: JSONValue) -> (lower: (Double, Bool)?, upper: (Double, Bool)?) {
        var lower = double(schema, "minimum").map { ($0, true) }
        if let exclusive = double(schema, "exclusiveMinimum"), lower.map({ exclusive >= $0.0 }) ?? true { lower = (exclusive, false) }
        var upper = double(schema, "maximum").map { ($0, true) }
        if let exclusive = double(schema, "exclusiveMaximum"), upper.map({ exclusive <= $0.0 }) ?? true { upper = (exclusive, false) }
        return (lower, upper)
    }

    /// 0 when the bounds allow it, else the integer nearest to it within them.
    private static func integerWithin(_ schema: JSONValue) -> Int64? {
        let (lower, upper) = bounds(schema)
        var low = Int64.min, high = Int64.max
        if let (value, inclusive) = lower {
            guard value.magnitude < 9e15 else { return nil }
            let ceiling = value.rounded(.up)
            low = Int64(inclusive || ceiling != value ? ceiling : ceiling + 1)
        }
        if let (value, inclusive) = upper {
            guard value.magnitude < 9e15 else { return nil }
            let floor = value.rounded(.down)
            high = Int64(inclusive || floor != value ? floor : floor - 1)
        }
        guard low <= high else { return nil }
        return min(max(0, low), high)
    }

    /// 0 when the bounds allow it, else a number within them: one above the lower bound, or
    /// one below the upper, or halfway between them when they are close.
    private static func numberWithin(_ schema: JSONValue) -> JSONNumber? {
        if let integer = integerWithin(schema) { return JSONNumber(integer) }
        let (lower, upper) = bounds(schema)
        let value: Double? = switch (lower, upper) {
        case let ((low, _)?, (high, _)?): low < high ? (low + high) / 2 : (low == high ? low : nil)
        case let ((low, _)?, nil): low + 1
        case let (nil, (high, _)?): high - 1
        case (nil, nil): 0
        }
        return value.flatMap { JSONNumber($0) }
    }

    /// Shapes tried, in order, against a `pattern`.
    private static let patternCandidates = [
        "example", "0", "1", "42", "12345", "a", "A", "abc", "ABC", "Example", "example-1", "example_1", "ex1",
        "2026-12-01", "2026-12-01T08:00:00.000Z", "someone@example.com", "https://example.com/", "3f2b1c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d",
    ]

    private static func string(for schema: JSONValue, _ local: JSONSchema?) -> String {
        var text: String = switch schema[key: "format"]?.stringValue {
        case "date-time": "2026-12-01T08:00:00.000Z"
        case "date": "2026-12-01"
        case "time": "08:00:00Z"
        case "email": "someone@example.com"
        case "uri", "url", "iri": "https://example.com/"
        case "hostname": "example.com"
        case "ipv4": "192.0.2.1"
        case "ipv6": "2001:db8::1"
        case "uuid": "3f2b1c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d"
        default: "example"
        }
        let minimum = integer(schema[key: "minLength"]) ?? 0
        if text.count < minimum { text += String(repeating: "x", count: minimum - text.count) }
        if let maximum = integer(schema[key: "maxLength"]), text.count > maximum { text = String(text.prefix(max(0, maximum))) }
        guard schema[key: "pattern"] != nil, let local, !local.isValid(.string(text)) else { return text }
        return patternCandidates.first { local.isValid(.string($0)) } ?? text
    }
}
