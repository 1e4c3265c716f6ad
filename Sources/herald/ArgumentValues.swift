import Foundation

/// Parsing of option values that carry structure: `key=value` pairs, `Name:Value` headers, and
/// `@file` references. A bad value ends the command with exit code 2.
enum ArgumentValues {
    /// `["k=v", …]` as a dictionary; `option` names the option in error messages.
    static func pairs(_ values: [String], separator: Character, option: String) throws -> [String: String] {
        var result = [String: String]()
        for value in values {
            guard let index = value.firstIndex(of: separator) else {
                throw fail("\(option): '\(value)' is not of the form name\(separator)value")
            }
            let key = String(value[..<index]).trimmingCharacters(in: .whitespaces)
            let item = String(value[value.index(after: index)...]).trimmingCharacters(in: .whitespaces)
            guard !key.isEmpty else { throw fail("\(option): '\(value)' has an empty name") }
            guard result[key] == nil else { throw fail("\(option): '\(key)' is given twice") }
            result[key] = item
        }
        return result
    }

    /// The bytes of `value`, or of the file it names when it starts with `@`.
    static func bytes(_ value: String, option: String) throws -> [UInt8] {
        guard value.hasPrefix("@") else { return Array(value.utf8) }
        let path = String(value.dropFirst())
        guard let data = FileManager.default.contents(atPath: path) else {
            throw fail("\(option): cannot read the file '\(path)'")
        }
        return Array(data)
    }

    /// `bytes` without the JSON whitespace (space, tab, CR, LF) around the value: it is not part
    /// of the value, and a file's final newline would otherwise end up inside the payload.
    static func trimmingJSONWhitespace(_ bytes: [UInt8]) -> [UInt8] {
        let isSpace: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
        guard let first = bytes.firstIndex(where: { !isSpace($0) }), let last = bytes.lastIndex(where: { !isSpace($0) }) else {
            return []
        }
        return Array(bytes[first...last])
    }
}
