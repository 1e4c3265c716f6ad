import Herald
import HeraldJSON

/// Typed access to the fields of a JSON object body; every wrong field is a 422 that names it.
///
/// The rules match the request schemas of the OpenAPI document: a field the request does not
/// take is refused (``requireOnly(_:)``), `null` is accepted only where the field can be null
/// (`nullable`), and string lengths count Unicode code points, as JSON Schema does.
struct RequestFields {
    private let values: [String: JSONValue]
    private let order: [String]
    /// The byte ranges of the values, for fields kept verbatim (top-level fields only).
    let ranges: [String: Range<Int>]
    /// The name of the object these fields are in (`batch`), for messages; nil for the body.
    private let parent: String?

    init(members: [JSONRangedMember]) {
        var values = [String: JSONValue]()
        var ranges = [String: Range<Int>]()
        var order = [String]()
        for member in members {
            if values[member.key] == nil { order.append(member.key) }
            values[member.key] = member.value
            ranges[member.key] = member.valueRange
        }
        self.values = values
        self.ranges = ranges
        self.order = order
        self.parent = nil
    }

    /// The fields of the object `parent`, a field of the body.
    private init(members: [JSONMember], parent: String) {
        var values = [String: JSONValue]()
        var order = [String]()
        for member in members {
            if values[member.key] == nil { order.append(member.key) }
            values[member.key] = member.value
        }
        self.values = values
        self.ranges = [:]
        self.order = order
        self.parent = parent
    }

    /// Refuses the first field that is not one of `names`, listing the ones the request (or the
    /// object) takes.
    func requireOnly(_ names: [String]) throws {
        let allowed = Set(names)
        guard let unknown = order.first(where: { !allowed.contains($0) }) else { return }
        if let parent {
            throw APIError.validation("unknown field \(JSONText.quoted(unknown)) in \(parent); \(parent) takes \(names.joined(separator: ", "))")
        }
        throw APIError.validation("unknown field \(JSONText.quoted(unknown)); this request takes \(names.joined(separator: ", "))")
    }

    /// The fields of an object field; nil when absent, or null where `nullable`. Messages about
    /// its fields name them `name.field`.
    func object(_ name: String, nullable: Bool = false) throws -> RequestFields? {
        guard let value = try present(name, required: false, nullable: nullable) else { return nil }
        guard let members = value.objectMembers else {
            throw APIError.validation("\(label(name)) must be an object\(nullable ? " or null" : "")")
        }
        return RequestFields(members: members, parent: label(name))
    }

    /// How messages name a field: `name`, or `parent.name` inside an object.
    private func label(_ name: String) -> String {
        parent.map { "\($0).\(name)" } ?? name
    }

    /// True when the field is present, null or not.
    func has(_ name: String) -> Bool { values[name] != nil }

    /// The raw value, if present.
    func value(_ name: String) -> JSONValue? { values[name] }

    /// A string field; nil when absent, or null where `nullable`. `length` counts code points.
    func string(_ name: String, required: Bool = false, nullable: Bool = false, length: ClosedRange<Int> = 0...Int.max) throws -> String? {
        guard let value = try present(name, required: required, nullable: nullable) else { return nil }
        guard let text = value.stringValue else { throw APIError.validation("\(label(name)) must be a string") }
        let count = text.unicodeScalars.count
        guard length.contains(count) else {
            throw APIError.validation("\(label(name)) must be \(length.lowerBound) to \(length.upperBound) characters long, it has \(count)")
        }
        return text
    }

    /// A boolean field; nil when absent.
    func bool(_ name: String) throws -> Bool? {
        guard let value = try present(name, required: false, nullable: false) else { return nil }
        guard let flag = value.boolValue else { throw APIError.validation("\(label(name)) must be true or false") }
        return flag
    }

    /// A whole-number field within `range`; nil when absent (a 422 where `required`), or null where `nullable`. As in
    /// JSON Schema, `5.0` and `5e0` are whole numbers. `range` must lie within ±2^53, where
    /// every whole number is exact as a `Double`.
    func integer(_ name: String, in range: ClosedRange<Int>, required: Bool = false, nullable: Bool = false) throws -> Int? {
        guard let value = try present(name, required: required, nullable: nullable) else { return nil }
        guard let number = value.numberValue, number.isInteger,
              JSONNumber(range.lowerBound) <= number, number <= JSONNumber(range.upperBound) else {
            throw APIError.validation("\(label(name)) must be a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return number.int64Value.map(Int.init) ?? Int(number.doubleValue)
    }

    /// A number field within `range`; nil when absent (a 422 where `required`).
    func number(_ name: String, in range: ClosedRange<Double>, required: Bool = false) throws -> Double? {
        guard let value = try present(name, required: required, nullable: false) else { return nil }
        guard let number = value.numberValue?.doubleValue, range.contains(number) else {
            throw APIError.validation("\(label(name)) must be a number from \(AlertFieldText.number(range.lowerBound)) to \(AlertFieldText.number(range.upperBound))")
        }
        return number
    }

    /// An array of strings; nil when absent, or null where `nullable`.
    func strings(_ name: String, maximumCount: Int = 1000, nullable: Bool = false) throws -> [String]? {
        guard let value = try present(name, required: false, nullable: nullable) else { return nil }
        guard let elements = value.arrayValue else { throw APIError.validation("\(label(name)) must be an array of strings") }
        guard elements.count <= maximumCount else { throw APIError.validation("\(label(name)) has \(elements.count) entries; at most \(maximumCount) are allowed") }
        return try elements.enumerated().map { index, element in
            guard let text = element.stringValue else { throw APIError.validation("\(label(name))[\(index)] must be a string") }
            return text
        }
    }

    /// An object of string values; nil when absent.
    func stringMap(_ name: String, maximumCount: Int = 100) throws -> [String: String]? {
        guard let value = try present(name, required: false, nullable: false) else { return nil }
        guard let members = value.objectMembers else { throw APIError.validation("\(label(name)) must be an object of strings") }
        guard members.count <= maximumCount else { throw APIError.validation("\(label(name)) has \(members.count) entries; at most \(maximumCount) are allowed") }
        var map = [String: String]()
        for member in members {
            guard let text = member.value.stringValue else { throw APIError.validation("\(label(name)).\(member.key) must be a string") }
            map[member.key] = text
        }
        return map
    }

    /// The value of a present, non-null field; nil for an absent one, and for null where
    /// `nullable`. A missing required field, or null where it is not allowed, is a 422.
    private func present(_ name: String, required: Bool, nullable: Bool) throws -> JSONValue? {
        guard let value = values[name] else {
            if required { throw APIError.validation("\(label(name)) is required") }
            return nil
        }
        guard !value.isNull else {
            if required { throw APIError.validation("\(label(name)) is required and may not be null") }
            if nullable { return nil }
            throw APIError.validation("\(label(name)) may not be null; leave it out instead")
        }
        return value
    }
}
