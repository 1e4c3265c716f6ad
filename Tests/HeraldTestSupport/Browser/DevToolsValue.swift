import Foundation
import Glibc
import Synchronization

// MARK: - Errors

/// An error raised by ``HeadlessBrowser`` or ``BrowserPage``; ``message`` says what failed.
public struct BrowserError: Error, CustomStringConvertible, Sendable {
    /// What failed, in words (for startup failures this includes the end of Chromium's log).
    public let message: String

    /// Creates an error carrying `message`.
    public init(_ message: String) {
        self.message = message
    }

    /// The ``message``.
    public var description: String { message }
}

// MARK: - JSON values

/// A JSON value: the parameters, results and events of the DevTools protocol, and the
/// values returned by JavaScript evaluated in a page.
///
/// Literals work where a `DevToolsValue` is expected: `["url": "about:blank", "flatten": true]`.
public enum DevToolsValue: Sendable, Hashable {
    /// `null` (also used for JavaScript `undefined`).
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A number; JSON does not distinguish integers from floating point numbers.
    case number(Double)
    /// A string.
    case string(String)
    /// An array.
    case array([DevToolsValue])
    /// An object.
    case object([String: DevToolsValue])
}

extension DevToolsValue {
    /// The member named `key` if this is an object that has it, otherwise `nil`.
    public subscript(key: String) -> DevToolsValue? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    /// The element at `index` if this is an array that long, otherwise `nil`.
    public subscript(index: Int) -> DevToolsValue? {
        if case .array(let elements) = self, elements.indices.contains(index) { return elements[index] }
        return nil
    }

    /// The string, if this is a string.
    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The Boolean, if this is `true` or `false`.
    public var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    /// The number, if this is a number.
    public var doubleValue: Double? {
        if case .number(let value) = self { return value }
        return nil
    }

    /// The number, if this is a number without a fractional part that fits in an `Int`.
    public var intValue: Int? {
        doubleValue.flatMap { Int(exactly: $0) }
    }

    /// The elements, if this is an array.
    public var arrayValue: [DevToolsValue]? {
        if case .array(let value) = self { return value }
        return nil
    }

    /// The members, if this is an object.
    public var objectValue: [String: DevToolsValue]? {
        if case .object(let value) = self { return value }
        return nil
    }

    /// Whether this is `null`.
    public var isNull: Bool { self == .null }

    /// Parses one JSON document.
    public init(parsing data: Data) throws {
        self = try JSONDecoder().decode(DevToolsValue.self, from: data)
    }

    /// This value as compact JSON text.
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }
}

extension DevToolsValue: Codable {
    /// Decodes any JSON value.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([DevToolsValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: DevToolsValue].self))
        }
    }

    /// Encodes the value; whole numbers are written without a fractional part.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .number(let value):
            if let integer = Int(exactly: value) {
                try container.encode(integer)
            } else {
                try container.encode(value)
            }
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }
}

extension DevToolsValue: CustomStringConvertible {
    /// The value as compact JSON text (object keys sorted).
    public var description: String {
        guard let data = try? jsonData() else { return "<not representable as JSON>" }
        return String(decoding: data, as: UTF8.self)
    }
}

extension DevToolsValue: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral, ExpressibleByArrayLiteral,
    ExpressibleByDictionaryLiteral
{
    /// `nil` is `.null`.
    public init(nilLiteral: ()) { self = .null }
    /// A Boolean literal.
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    /// An integer literal.
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
    /// A floating point literal.
    public init(floatLiteral value: Double) { self = .number(value) }
    /// A string literal.
    public init(stringLiteral value: String) { self = .string(value) }
    /// An array literal.
    public init(arrayLiteral elements: DevToolsValue...) { self = .array(elements) }
    /// A dictionary literal; a later duplicate key wins.
    public init(dictionaryLiteral elements: (String, DevToolsValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
}

