/// Strict RFC 8259 JSON parsing of UTF-8 bytes.
///
/// The parser rejects everything the RFC does not allow: trailing commas,
/// comments, leading zeros, `NaN`/`Infinity`, raw control characters in
/// strings, invalid escapes, unpaired surrogate escapes, malformed UTF-8, a
/// byte order mark and anything but whitespace after the value. Nesting of
/// arrays and objects is limited by `maximumDepth` (a top-level scalar has
/// depth 0, `[]` has depth 1); containers are parsed without recursion.
public enum JSONParser {
    /// The nesting limit used when none is given.
    public static let defaultMaximumDepth = 64

    /// Parses one JSON document.
    public static func parse(
        _ bytes: UnsafeRawBufferPointer,
        maximumDepth: Int = defaultMaximumDepth
    ) throws(JSONParseError) -> JSONValue {
        try bytes.withMemoryRebound(to: UInt8.self) { (buffer) throws(JSONParseError) -> JSONValue in
            var cursor = JSONParsingCursor(input: buffer, maximumDepth: maximumDepth)
            return try cursor.parseDocument()
        }
    }

    /// Parses one JSON document.
    public static func parse(
        _ bytes: [UInt8],
        maximumDepth: Int = defaultMaximumDepth
    ) throws(JSONParseError) -> JSONValue {
        try bytes.withUnsafeBufferPointer { (buffer) throws(JSONParseError) -> JSONValue in
            var cursor = JSONParsingCursor(input: buffer, maximumDepth: maximumDepth)
            return try cursor.parseDocument()
        }
    }

    /// Parses one JSON document from the UTF-8 of `text`.
    public static func parse(
        _ text: String,
        maximumDepth: Int = defaultMaximumDepth
    ) throws(JSONParseError) -> JSONValue {
        var text = text
        let result = text.withUTF8 { buffer -> Result<JSONValue, JSONParseError> in
            var cursor = JSONParsingCursor(input: buffer, maximumDepth: maximumDepth)
            do throws(JSONParseError) {
                return .success(try cursor.parseDocument())
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// Parses a document that must be a JSON object and returns its members in
    /// document order (duplicates included), each with the byte range of its
    /// value, so the caller can keep a member's text exactly as sent:
    /// `bytes[member.valueRange]`.
    ///
    /// The top-level object counts as depth 1 towards `maximumDepth`.
    public static func parseObjectMembers(
        _ bytes: UnsafeRawBufferPointer,
        maximumDepth: Int = defaultMaximumDepth
    ) throws(JSONParseError) -> [JSONRangedMember] {
        try bytes.withMemoryRebound(to: UInt8.self) { (buffer) throws(JSONParseError) -> [JSONRangedMember] in
            var cursor = JSONParsingCursor(input: buffer, maximumDepth: maximumDepth)
            return try cursor.parseObjectMembers()
        }
    }

    /// Parses a document that must be a JSON object and returns its members
    /// with the byte ranges of their values; see the `UnsafeRawBufferPointer` overload.
    public static func parseObjectMembers(
        _ bytes: [UInt8],
        maximumDepth: Int = defaultMaximumDepth
    ) throws(JSONParseError) -> [JSONRangedMember] {
        try bytes.withUnsafeBufferPointer { (buffer) throws(JSONParseError) -> [JSONRangedMember] in
            var cursor = JSONParsingCursor(input: buffer, maximumDepth: maximumDepth)
            return try cursor.parseObjectMembers()
        }
    }

    /// Parses a document that must be a JSON array of objects (such as a batch of webhook
    /// envelopes) and returns each object's members in document order, duplicates included,
    /// each with the byte range of its value in `bytes`. The array counts as depth 1 towards
    /// `maximumDepth`, its objects as depth 2.
    public static func parseArrayOfObjectMembers(
        _ bytes: UnsafeRawBufferPointer,
        maximumDepth: Int = defaultMaximumDepth
    ) throws(JSONParseError) -> [[JSONRangedMember]] {
        try bytes.withMemoryRebound(to: UInt8.self) { (buffer) throws(JSONParseError) -> [[JSONRangedMember]] in
            var cursor = JSONParsingCursor(input: buffer, maximumDepth: maximumDepth)
            return try cursor.parseArrayOfObjectMembers()
        }
    }

    /// Parses a document that must be a JSON array of objects; see the
    /// `UnsafeRawBufferPointer` overload.
    public static func parseArrayOfObjectMembers(
        _ bytes: [UInt8],
        maximumDepth: Int = defaultMaximumDepth
    ) throws(JSONParseError) -> [[JSONRangedMember]] {
        try bytes.withUnsafeBufferPointer { (buffer) throws(JSONParseError) -> [[JSONRangedMember]] in
            var cursor = JSONParsingCursor(input: buffer, maximumDepth: maximumDepth)
            return try cursor.parseArrayOfObjectMembers()
        }
    }
}
