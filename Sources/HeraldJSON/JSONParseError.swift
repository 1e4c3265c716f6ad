/// A syntax error found by ``JSONParser``, with its position in the input.
public struct JSONParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The class of a parse error.
    public enum Kind: Sendable, Equatable {
        /// The input ended where more was expected (including an unterminated string).
        case unexpectedEndOfInput
        /// A byte that cannot appear at this point (including trailing commas and comments).
        case unexpectedCharacter
        /// A misspelled `true`, `false` or `null`.
        case invalidLiteral
        /// A number that breaks the RFC 8259 grammar (leading zero, missing digits).
        case invalidNumber
        /// A raw control character (U+0000 to U+001F) inside a string.
        case controlCharacterInString
        /// A backslash followed by a character that does not start an escape.
        case invalidEscape
        /// A `\u` escape not followed by four hexadecimal digits.
        case invalidUnicodeEscape
        /// A `\u` escape of a surrogate that is not part of a high/low pair.
        case unpairedSurrogate
        /// Bytes that are not well-formed UTF-8.
        case invalidUTF8
        /// Arrays and objects nested deeper than the configured maximum.
        case nestingTooDeep
        /// Something other than whitespace after the top-level value.
        case trailingContent
        /// The top-level value is not an object where one is required.
        case notAnObject
        /// The top-level value is not an array where one is required.
        case notAnArray
    }

    /// The class of the error.
    public let kind: Kind
    /// Byte offset of the problem from the start of the input (the input length at end of input).
    public let offset: Int
    /// 1-based line of the problem; lines are separated by LF (so CRLF works too).
    public let line: Int
    /// 1-based column of the problem, counted in Unicode code points.
    public let column: Int
    /// A sentence for humans, e.g. "expected ',' or '}' after an object member at line 1, column 17".
    public let message: String

    /// Creates an error; `message` should already include the position.
    public init(kind: Kind, offset: Int, line: Int, column: Int, message: String) {
        self.kind = kind
        self.offset = offset
        self.line = line
        self.column = column
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
