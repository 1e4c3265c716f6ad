/// The type names accepted by the `type` keyword.
enum JSONSchemaType: String, Sendable, CaseIterable {
    /// `null`.
    case null
    /// `true` or `false`.
    case boolean
    /// An object.
    case object
    /// An array.
    case array
    /// Any number.
    case number
    /// A number with no fractional part (`1.0` included).
    case integer
    /// A string.
    case string

    /// `true` if `value` is of this type.
    func matches(_ value: JSONValue) -> Bool {
        switch (self, value) {
        case (.null, .null), (.boolean, .bool), (.object, .object), (.array, .array),
             (.number, .number), (.string, .string):
            return true
        case (.integer, .number(let number)):
            return number.isInteger
        default:
            return false
        }
    }

    /// All names, sorted, for messages.
    static let sortedNames = allCases.map(\.rawValue).sorted()
}
