import Foundation
import Herald
import HeraldAPI

/// How the API commands print what the server answered.
enum Output {
    /// `value` as pretty JSON with sorted keys, the API's own encoding.
    static func printJSON<Value: Encodable>(_ value: Value) throws {
        let encoder = APICoding.encoder()
        encoder.outputFormatting.insert(.prettyPrinted)
        do {
            print(String(decoding: try encoder.encode(value), as: UTF8.self))
        } catch {
            throw fail("cannot print the answer as JSON: \(error)", code: 1)
        }
    }

    /// A one-line, compact rendering of a JSON value (sorted keys), for table cells.
    static func compactJSON(_ value: AnyJSON) -> String {
        (try? APICoding.encoder().encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "?"
    }

    /// `2026-12-01T08:00:00.000Z`.
    static func time(_ date: Date) -> String {
        RFC3339.format(milliseconds: Int64((date.timeIntervalSince1970 * 1000).rounded(.down)))
    }

    /// `key=value, key=value` in key order, or `-` when empty.
    static func pairs(_ dictionary: [String: String], separator: String = "=") -> String {
        dictionary.isEmpty ? "-" : dictionary.sorted { $0.key < $1.key }.map { "\($0.key)\(separator)\($0.value)" }.joined(separator: ", ")
    }

    /// The next-page hint printed under a list that has more.
    static func printNextCursor(_ cursor: String?) {
        if let cursor { print("\nmore: --cursor \(cursor)") }
    }
}
