/// Walks a value against a compiled schema and stops at the first failure.
///
/// Order: at each location the checks on the value itself run first (`type`,
/// `const`, `enum`, then the numeric, string, array or object keywords in the
/// order minimum, exclusiveMinimum, maximum, exclusiveMaximum / minLength,
/// maxLength, pattern / minItems, maxItems / required), then the children are
/// visited in instance document order (array elements by index, object
/// members as they appear). So the first violation is the one found earliest
/// in the instance document.
struct JSONSchemaValidator {
    /// The location being validated.
    private var path: [JSONPointer.Token] = []

    /// Objects with more members than this use a dictionary to find duplicates.
    private static let linearSearchLimit = 16

    /// Validates `value` against `node`.
    mutating func validate(_ value: JSONValue, against node: JSONSchemaNode) -> JSONSchemaViolation? {
        switch node {
        case .always(true):
            return nil
        case .always(false):
            return violation("is not allowed")
        case .keywords(let keywords):
            return validate(value, against: keywords)
        }
    }

    /// Validates `value` against an object schema.
    private mutating func validate(_ value: JSONValue, against keywords: JSONSchemaKeywords) -> JSONSchemaViolation? {
        if let types = keywords.types, !types.contains(where: { $0.matches(value) }) {
            return violation("must be of type \(Self.list(types.map(\.rawValue)))")
        }
        if let constValue = keywords.constValue, value != constValue {
            return violation(Self.describe("must be equal to ", constValue, fallback: "must be equal to the const value"))
        }
        if let enumValues = keywords.enumValues, !enumValues.contains(value) {
            return violation(Self.describe(
                "must be one of ",
                .array(enumValues),
                fallback: "must be one of the \(enumValues.count) values listed in enum"
            ))
        }
        switch value {
        case .number(let number):
            return validate(number, against: keywords)
        case .string(let string):
            return validate(string, against: keywords)
        case .array(let elements):
            return validate(elements, against: keywords)
        case .object(let members):
            return validate(members, against: keywords)
        case .null, .bool:
            return nil
        }
    }

    /// The numeric keywords.
    private func validate(_ number: JSONNumber, against keywords: JSONSchemaKeywords) -> JSONSchemaViolation? {
        if let minimum = keywords.minimum, number < minimum {
            return violation("must be at least \(minimum.text)")
        }
        if let exclusiveMinimum = keywords.exclusiveMinimum, number <= exclusiveMinimum {
            return violation("must be greater than \(exclusiveMinimum.text)")
        }
        if let maximum = keywords.maximum, number > maximum {
            return violation("must be at most \(maximum.text)")
        }
        if let exclusiveMaximum = keywords.exclusiveMaximum, number >= exclusiveMaximum {
            return violation("must be less than \(exclusiveMaximum.text)")
        }
        return nil
    }

    /// The string keywords; lengths are counted in Unicode code points.
    private func validate(_ string: String, against keywords: JSONSchemaKeywords) -> JSONSchemaViolation? {
        if keywords.minLength != nil || keywords.maxLength != nil {
            let length = string.unicodeScalars.count
            if let minLength = keywords.minLength, length < minLength {
                return violation("must be at least \(Self.count(minLength, "character")) long")
            }
            if let maxLength = keywords.maxLength, length > maxLength {
                return violation("must be at most \(Self.count(maxLength, "character")) long")
            }
        }
        if let pattern = keywords.pattern, !pattern.matches(string) {
            return violation("must match the pattern \(pattern.source)")
        }
        return nil
    }

    /// The array keywords, then each element in order.
    private mutating func validate(_ elements: [JSONValue], against keywords: JSONSchemaKeywords) -> JSONSchemaViolation? {
        if let minItems = keywords.minItems, elements.count < minItems {
            return violation("must contain at least \(Self.count(minItems, "item"))")
        }
        if let maxItems = keywords.maxItems, elements.count > maxItems {
            return violation("must contain at most \(Self.count(maxItems, "item"))")
        }
        guard let items = keywords.items else { return nil }
        for (index, element) in elements.enumerated() {
            path.append(.index(index))
            if let failure = validate(element, against: items) { return failure }
            path.removeLast()
        }
        return nil
    }

    /// `required`, then each member in document order. When a name occurs
    /// more than once only its last member counts, as with `subscript(key:)`.
    private mutating func validate(_ members: [JSONMember], against keywords: JSONSchemaKeywords) -> JSONSchemaViolation? {
        guard !keywords.required.isEmpty || keywords.inspectsMembers else { return nil }
        let lastIndex: [String: Int]? = members.count > Self.linearSearchLimit
            ? Dictionary(members.enumerated().map { ($0.element.key, $0.offset) }, uniquingKeysWith: { $1 })
            : nil

        for name in keywords.required {
            let present = lastIndex.map { $0[name] != nil } ?? members.contains(where: { $0.key == name })
            if !present {
                return violation("is required", at: .key(name))
            }
        }
        guard keywords.inspectsMembers else { return nil }
        for (index, member) in members.enumerated() {
            let isLast = lastIndex.map { $0[member.key] == index }
                ?? !members[(index + 1)...].contains(where: { $0.key == member.key })
            guard isLast else { continue }
            guard let schema = keywords.properties[member.key] ?? keywords.additionalProperties else { continue }
            path.append(.key(member.key))
            if let failure = validate(member.value, against: schema) { return failure }
            path.removeLast()
        }
        return nil
    }

    /// A violation at the current location, or at a child of it.
    private func violation(_ message: String, at child: JSONPointer.Token? = nil) -> JSONSchemaViolation {
        var tokens = path
        if let child { tokens.append(child) }
        return JSONSchemaViolation(pointer: JSONPointer.string(tokens), message: message)
    }

    /// "a", "a or b", "a, b or c".
    private static func list(_ names: [String]) -> String {
        guard names.count > 1, let last = names.last else { return names.first ?? "" }
        return names.dropLast().joined(separator: ", ") + " or " + last
    }

    /// "1 item", "2 items".
    private static func count(_ value: Int, _ noun: String) -> String {
        value == 1 ? "1 \(noun)" : "\(value) \(noun)s"
    }

    /// `prefix` followed by the compact JSON of `value`, or `fallback` when that is too long to read.
    private static func describe(_ prefix: String, _ value: JSONValue, fallback: String) -> String {
        let text = value.serialized()
        return text.utf8.count <= 200 ? prefix + text : fallback
    }
}
