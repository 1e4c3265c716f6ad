import Foundation
import HeraldJSON

/// Any JSON value, for fields whose shape the API does not fix: payloads, schemas.
///
/// Numbers keep their exact text (`9007199254740993` stays that, not the nearest `Double`):
/// ``init(parsing:)`` and documents decoded through ``APICoding/decode(_:from:)`` read them
/// exactly, and ``serialized()`` writes them back exactly. Through a plain `JSONDecoder` or
/// `JSONEncoder`, numbers go through `Decimal` and are exact up to its 38 significant digits;
/// encoding one that `Decimal` cannot hold exactly throws instead of altering it.
public enum AnyJSON: Sendable, Equatable, Codable {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A number, with its exact text.
    case number(JSONNumber)
    /// A string.
    case string(String)
    /// An array.
    case array([AnyJSON])
    /// An object; of repeated names, the last wins.
    case object([String: AnyJSON])

    /// Parses one JSON document exactly (strict RFC 8259, numbers as written).
    public init(parsing bytes: [UInt8]) throws(JSONParseError) {
        self.init(try JSONParser.parse(bytes))
    }

    /// The same value as HeraldJSON's exact representation.
    public init(_ value: JSONValue) {
        switch value {
        case .null: self = .null
        case .bool(let flag): self = .bool(flag)
        case .number(let number): self = .number(number)
        case .string(let text): self = .string(text)
        case .array(let elements): self = .array(elements.map(AnyJSON.init))
        case .object(let members):
            var object = [String: AnyJSON]()
            for member in members { object[member.key] = AnyJSON(member.value) }
            self = .object(object)
        }
    }

    /// HeraldJSON's representation of the same value (object members in key order).
    public var jsonValue: JSONValue {
        switch self {
        case .null: .null
        case .bool(let flag): .bool(flag)
        case .number(let number): .number(number)
        case .string(let text): .string(text)
        case .array(let elements): .array(elements.map(\.jsonValue))
        case .object(let object): .object(object.sorted { $0.key < $1.key }.map { JSONMember($0.key, $0.value.jsonValue) })
        }
    }

    /// The value as compact JSON text, numbers exactly as they are held, keys sorted.
    public func serialized() -> [UInt8] {
        jsonValue.serializedBytes()
    }

    /// The member `key` of an object, nil otherwise.
    public subscript(key: String) -> AnyJSON? {
        if case .object(let members) = self { return members[key] }
        return nil
    }
}
