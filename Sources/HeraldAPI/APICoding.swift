import Foundation
import Herald

/// The encoders and decoders every API message goes through: camelCase keys as declared,
/// RFC 3339 UTC timestamps with milliseconds.
public enum APICoding {
    /// An encoder for API documents (sorted keys, so output is stable).
    public static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(RFC3339.format(milliseconds: Int64((date.timeIntervalSince1970 * 1000).rounded(.down))))
        }
        return encoder
    }

    /// Decodes an API document; its ``AnyJSON`` values (payloads, schemas) keep their numbers exactly.
    public static func decode<Value: Decodable>(_ type: Value.Type, from bytes: [UInt8]) throws -> Value {
        let decoder = decoder()
        decoder.userInfo[AnyJSONSource.key] = AnyJSONSource(bytes)
        return try decoder.decode(type, from: Data(bytes))
    }

    /// A decoder for API documents.
    public static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let milliseconds = RFC3339.parse(text) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "not an RFC 3339 timestamp: \(text)")
            }
            return Date(timeIntervalSince1970: Double(milliseconds) / 1000)
        }
        return decoder
    }
}
