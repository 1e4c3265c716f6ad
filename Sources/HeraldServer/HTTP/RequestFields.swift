import HeraldJSON

/// Typed access to the fields of a JSON object body; every wrong field is a 422 that names it.
struct RequestFields {
    private let values: [String: JSONValue]
    /// The byte ranges of the values, for fields kept verbatim.
    let ranges: [String: Range<Int>]

    init(members: [JSONRangedMember]) {
        var values = [String: JSONValue]()
        var ranges = [String: Range<Int>]()
        for member in members {
            values[member.key] = member.value
            ranges[member.key] = member.valueRange
        }
        self.values = values
        self.ranges = ranges
    }

    /// True when the field is present, null or not.
    func has(_ name: String) -> Bool { values[name] != nil }

    /// True when the field is present and null.
    func isNull(_ name: String) -> Bool { values[name]?.isNull ?? false }

    /// The raw value, if present.
    func value(_ name: String) -> JSONValue? { values[name] }

    /// A string field; nil when absent or null (unless `required`).
    func string(_ name: String, required: Bool = false, length: ClosedRange<Int> = 0...65536) throws -> String? {
        guard let value = values[name], !value.isNull else {
            if required { throw APIError.validation("\(name) is required") }
            return nil
        }
        guard let text = value.stringValue else { throw APIError.validation("\(name) must be a string") }
        let count = text.count
        guard length.contains(count) else {
            throw APIError.validation("\(name) must be \(length.lowerBound) to \(length.upperBound) characters long, it has \(count)")
        }
        return text
    }

    /// A boolean field; nil when absent or null.
    func bool(_ name: String) throws -> Bool? {
        guard let value = values[name], !value.isNull else { return nil }
        guard let flag = value.boolValue else { throw APIError.validation("\(name) must be true or false") }
        return flag
    }

    /// A whole-number field within `range`; nil when absent or null.
    func integer(_ name: String, in range: ClosedRange<Int>) throws -> Int? {
        guard let value = values[name], !value.isNull else { return nil }
        guard let number = value.numberValue, number.isInteger, let integer = number.int64Value, range.contains(Int(integer)) else {
            throw APIError.validation("\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return Int(integer)
    }

    /// An array of strings; nil when absent or null.
    func strings(_ name: String, maximumCount: Int = 1000) throws -> [String]? {
        guard let value = values[name], !value.isNull else { return nil }
        guard let elements = value.arrayValue else { throw APIError.validation("\(name) must be an array of strings") }
        guard elements.count <= maximumCount else { throw APIError.validation("\(name) has \(elements.count) entries; at most \(maximumCount) are allowed") }
        return try elements.enumerated().map { index, element in
            guard let text = element.stringValue else { throw APIError.validation("\(name)[\(index)] must be a string") }
            return text
        }
    }

    /// An object of string values; nil when absent or null.
    func stringMap(_ name: String, maximumCount: Int = 100) throws -> [String: String]? {
        guard let value = values[name], !value.isNull else { return nil }
        guard let members = value.objectMembers else { throw APIError.validation("\(name) must be an object of strings") }
        guard members.count <= maximumCount else { throw APIError.validation("\(name) has \(members.count) entries; at most \(maximumCount) are allowed") }
        var map = [String: String]()
        for member in members {
            guard let text = member.value.stringValue else { throw APIError.validation("\(name).\(member.key) must be a string") }
            map[member.key] = text
        }
        return map
    }
}
