import Foundation
import HeraldJSON

extension AnyJSON {
    /// Decodes the value exactly when the decoder carries the raw document (see
    /// ``APICoding/decode(_:from:)``), else through `JSONDecoder`'s own values.
    public init(from decoder: any Decoder) throws {
        if let source = decoder.userInfo[AnyJSONSource.key] as? AnyJSONSource, let value = source.value(at: decoder.codingPath) {
            self.init(value)
            return
        }
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Decimal.self), let number = JSONNumber(text: value.description) {
            self = .number(number)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([AnyJSON].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: AnyJSON].self))
        }
    }

    /// Encodes the value; a number `Decimal` cannot hold exactly is an error, not a rounding.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .number(let number):
            if let integer = number.int64Value {
                try container.encode(integer)
            } else if let decimal = Decimal(string: number.text, locale: Locale(identifier: "en_US_POSIX")),
                      let exact = JSONNumber(text: decimal.description), exact == number {
                try container.encode(decimal)
            } else {
                throw EncodingError.invalidValue(self, EncodingError.Context(
                    codingPath: encoder.codingPath,
                    debugDescription: "the number \(number.text) has more digits than JSONEncoder can write exactly; send AnyJSON.serialized() bytes instead"))
            }
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }
}

/// The raw bytes of a document being decoded, parsed once and exactly, so that every ``AnyJSON``
/// inside it can take its value from them rather than from `JSONDecoder`'s rounded numbers.
final class AnyJSONSource: Sendable {
    /// The `userInfo` key it travels under.
    static let key = CodingUserInfoKey(rawValue: "herald.anyJSONSource")!

    private let document: JSONValue?

    init(_ bytes: [UInt8]) {
        document = try? JSONParser.parse(bytes)
    }

    /// The value at a decoder's coding path, or nil when the path does not lead into the document.
    func value(at path: [any CodingKey]) -> JSONValue? {
        var current = document
        for key in path {
            if let index = key.intValue, case .array = current {
                current = current?[index: index]
            } else {
                current = current?[key: key.stringValue]
            }
            if current == nil { return nil }
        }
        return current
    }
}
