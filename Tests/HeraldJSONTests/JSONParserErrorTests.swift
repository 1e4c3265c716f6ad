import Testing
import HeraldJSON

/// One malformed input and the error it must produce.
struct JSONParseErrorCase: Sendable, CustomTestStringConvertible {
    let name: String
    let bytes: [UInt8]
    let kind: JSONParseError.Kind
    let offset: Int
    let line: Int
    let column: Int
    let message: String

    init(_ name: String, _ text: String, _ kind: JSONParseError.Kind, offset: Int, line: Int = 1, column: Int, _ message: String) {
        self.init(name, Array(text.utf8), kind, offset: offset, line: line, column: column, message)
    }

    init(_ name: String, _ bytes: [UInt8], _ kind: JSONParseError.Kind, offset: Int, line: Int = 1, column: Int, _ message: String) {
        self.name = name
        self.bytes = bytes
        self.kind = kind
        self.offset = offset
        self.line = line
        self.column = column
        self.message = message
    }

    var testDescription: String { name }
}

@Suite("JSONParser errors")
struct JSONParserErrorTests {
    static let cases: [JSONParseErrorCase] = [
        JSONParseErrorCase("empty input", "", .unexpectedEndOfInput, offset: 0, column: 1,
                       "unexpected end of input: expected a JSON value at line 1, column 1"),
        JSONParseErrorCase("only whitespace", " \t ", .unexpectedEndOfInput, offset: 3, column: 4,
                       "unexpected end of input: expected a JSON value at line 1, column 4"),
        JSONParseErrorCase("missing comma in object", #"{"name":"herald"]"#, .unexpectedCharacter, offset: 16, column: 17,
                       "expected ',' or '}' after an object member at line 1, column 17"),
        JSONParseErrorCase("missing comma in array", "[1 2]", .unexpectedCharacter, offset: 3, column: 4,
                       "expected ',' or ']' after an array element at line 1, column 4"),
        JSONParseErrorCase("trailing comma in array", "[1,]", .unexpectedCharacter, offset: 3, column: 4,
                       "expected a JSON value after ',' in an array at line 1, column 4"),
        JSONParseErrorCase("trailing comma in object", #"{"a":1,}"#, .unexpectedCharacter, offset: 7, column: 8,
                       "expected a string key after ',' in an object at line 1, column 8"),
        JSONParseErrorCase("line comment", "// c\n1", .unexpectedCharacter, offset: 0, column: 1,
                       "expected a JSON value at line 1, column 1"),
        JSONParseErrorCase("block comment", "[1 /* c */]", .unexpectedCharacter, offset: 3, column: 4,
                       "expected ',' or ']' after an array element at line 1, column 4"),
        JSONParseErrorCase("non-string key", "{1:2}", .unexpectedCharacter, offset: 1, column: 2,
                       "expected a string key or '}' after '{' at line 1, column 2"),
        JSONParseErrorCase("missing colon", #"{"a" 1}"#, .unexpectedCharacter, offset: 5, column: 6,
                       "expected ':' after an object key at line 1, column 6"),
        JSONParseErrorCase("missing member value", #"{"a":}"#, .unexpectedCharacter, offset: 5, column: 6,
                       "expected a JSON value after ':' at line 1, column 6"),
        JSONParseErrorCase("unclosed array", "[", .unexpectedEndOfInput, offset: 1, column: 2,
                       "unexpected end of input: expected a JSON value or ']' after '[' at line 1, column 2"),
        JSONParseErrorCase("array cut after element", "[1", .unexpectedEndOfInput, offset: 2, column: 3,
                       "unexpected end of input: expected ',' or ']' after an array element at line 1, column 3"),
        JSONParseErrorCase("object cut after member", #"{"a":true"#, .unexpectedEndOfInput, offset: 9, column: 10,
                       "unexpected end of input: expected ',' or '}' after an object member at line 1, column 10"),
        JSONParseErrorCase("leading zero", "01", .invalidNumber, offset: 0, column: 1,
                       "leading zeros are not allowed in numbers at line 1, column 1"),
        JSONParseErrorCase("negative leading zero", "[-012]", .invalidNumber, offset: 1, column: 2,
                       "leading zeros are not allowed in numbers at line 1, column 2"),
        JSONParseErrorCase("lone minus", "-", .unexpectedEndOfInput, offset: 1, column: 2,
                       "unexpected end of input: expected a digit after '-' at line 1, column 2"),
        JSONParseErrorCase("minus Infinity", "-Infinity", .invalidNumber, offset: 1, column: 2,
                       "expected a digit after '-' at line 1, column 2"),
        JSONParseErrorCase("NaN", "NaN", .unexpectedCharacter, offset: 0, column: 1,
                       "expected a JSON value at line 1, column 1"),
        JSONParseErrorCase("Infinity", "[Infinity]", .unexpectedCharacter, offset: 1, column: 2,
                       "expected a JSON value or ']' after '[' at line 1, column 2"),
        JSONParseErrorCase("plus sign", "+1", .unexpectedCharacter, offset: 0, column: 1,
                       "expected a JSON value at line 1, column 1"),
        JSONParseErrorCase("bare decimal point", ".5", .unexpectedCharacter, offset: 0, column: 1,
                       "expected a JSON value at line 1, column 1"),
        JSONParseErrorCase("no fraction digits", "1.e5", .invalidNumber, offset: 2, column: 3,
                       "expected a digit after the decimal point at line 1, column 3"),
        JSONParseErrorCase("number ends at point", "1.", .unexpectedEndOfInput, offset: 2, column: 3,
                       "unexpected end of input: expected a digit after the decimal point at line 1, column 3"),
        JSONParseErrorCase("no exponent digits", "[1e+]", .invalidNumber, offset: 4, column: 5,
                       "expected a digit in the exponent at line 1, column 5"),
        JSONParseErrorCase("hexadecimal number", "0x10", .trailingContent, offset: 1, column: 2,
                       "expected end of input after the JSON value at line 1, column 2"),
        JSONParseErrorCase("truncated literal", "tru", .unexpectedEndOfInput, offset: 3, column: 4,
                       "unexpected end of input: expected 'true' at line 1, column 4"),
        JSONParseErrorCase("misspelled literal", "[nulL]", .invalidLiteral, offset: 4, column: 5,
                       "expected 'null' at line 1, column 5"),
        JSONParseErrorCase("capitalised literal", "True", .unexpectedCharacter, offset: 0, column: 1,
                       "expected a JSON value at line 1, column 1"),
        JSONParseErrorCase("raw tab in string", "\"a\tb\"", .controlCharacterInString, offset: 2, column: 3,
                       "unescaped control character U+0009 in string at line 1, column 3"),
        JSONParseErrorCase("raw newline in string", "[\"a\nb\"]", .controlCharacterInString, offset: 3, column: 4,
                       "unescaped control character U+000A in string at line 1, column 4"),
        JSONParseErrorCase("raw NUL in string", [0x22, 0x00, 0x22], .controlCharacterInString, offset: 1, column: 2,
                       "unescaped control character U+0000 in string at line 1, column 2"),
        JSONParseErrorCase("unknown escape", #""\x""#, .invalidEscape, offset: 1, column: 2,
                       #"invalid escape sequence '\x' in string; expected one of \" \\ \/ \b \f \n \r \t \uXXXX at line 1, column 2"#),
        JSONParseErrorCase("single-quote escape", #"["ok", "\'"]"#, .invalidEscape, offset: 8, column: 9,
                       #"invalid escape sequence '\'' in string; expected one of \" \\ \/ \b \f \n \r \t \uXXXX at line 1, column 9"#),
        JSONParseErrorCase("upper-case U escape", #""\U0041""#, .invalidEscape, offset: 1, column: 2,
                       #"invalid escape sequence '\U' in string; expected one of \" \\ \/ \b \f \n \r \t \uXXXX at line 1, column 2"#),
        JSONParseErrorCase("bad hex digit", #""\u12G4""#, .invalidUnicodeEscape, offset: 5, column: 6,
                       #"expected 4 hexadecimal digits after '\u' at line 1, column 6"#),
        JSONParseErrorCase("short unicode escape", #"["\u00"]"#, .invalidUnicodeEscape, offset: 6, column: 7,
                       #"expected 4 hexadecimal digits after '\u' at line 1, column 7"#),
        JSONParseErrorCase("lone high surrogate", #""\uD800""#, .unpairedSurrogate, offset: 1, column: 2,
                       #"unpaired high surrogate \uD800 in string; it must be followed by a low surrogate escape at line 1, column 2"#),
        JSONParseErrorCase("lone low surrogate", #""x\udc00""#, .unpairedSurrogate, offset: 2, column: 3,
                       #"unpaired low surrogate \uDC00 in string at line 1, column 3"#),
        JSONParseErrorCase("high surrogate then non-surrogate", #""\uD800\u0041""#, .unpairedSurrogate, offset: 7, column: 8,
                       #"high surrogate \uD800 must be followed by a low surrogate (\uDC00 to \uDFFF), not \u0041 at line 1, column 8"#),
        JSONParseErrorCase("reversed surrogate pair", #""\uDE00\uD83D""#, .unpairedSurrogate, offset: 1, column: 2,
                       #"unpaired low surrogate \uDE00 in string at line 1, column 2"#),
        JSONParseErrorCase("input ends after a high surrogate", #""\uD800"#, .unexpectedEndOfInput, offset: 7, column: 8,
                       #"unexpected end of input: expected a low surrogate escape after \uD800 at line 1, column 8"#),
        JSONParseErrorCase("unterminated string", #"["abc"#, .unexpectedEndOfInput, offset: 5, column: 6,
                       #"unexpected end of input: expected '"' to close the string at line 1, column 6"#),
        JSONParseErrorCase("input ends after backslash", #""\"#, .unexpectedEndOfInput, offset: 2, column: 3,
                       #"unexpected end of input: expected an escape sequence after '\' at line 1, column 3"#),
        JSONParseErrorCase("trailing content", "[1] 2", .trailingContent, offset: 4, column: 5,
                       "expected end of input after the JSON value at line 1, column 5"),
        JSONParseErrorCase("two documents", "{}{}", .trailingContent, offset: 2, column: 3,
                       "expected end of input after the JSON value at line 1, column 3"),
        JSONParseErrorCase("byte order mark", [0xEF, 0xBB, 0xBF, 0x31], .unexpectedCharacter, offset: 0, column: 1,
                       "expected a JSON value at line 1, column 1"),
        JSONParseErrorCase("invalid UTF-8 in string", [0x22, 0x61, 0xFF, 0x22], .invalidUTF8, offset: 2, column: 3,
                       "invalid UTF-8 byte 0xFF in string at line 1, column 3"),
        JSONParseErrorCase("error on a later line", "{\n  \"name\": \"herald\",\n  \"port\": 80 81\n}",
                       .unexpectedCharacter, offset: 35, line: 3, column: 14,
                       "expected ',' or '}' after an object member at line 3, column 14"),
        JSONParseErrorCase("CRLF line endings", "[1,\r\n2,\r\n]", .unexpectedCharacter, offset: 9, line: 3, column: 1,
                       "expected a JSON value after ',' in an array at line 3, column 1"),
        JSONParseErrorCase("columns count code points", "[\"é😀\" x]", .unexpectedCharacter, offset: 10, column: 7,
                       "expected ',' or ']' after an array element at line 1, column 7"),
        JSONParseErrorCase("vertical tab is not whitespace", "[\u{0B}1]", .unexpectedCharacter, offset: 1, column: 2,
                       "expected a JSON value or ']' after '[' at line 1, column 2"),
    ]

    @Test("reports kind, position and message", arguments: cases)
    func reportsError(_ testCase: JSONParseErrorCase) throws {
        let error = try #require(JSONTestSupport.parseError(testCase.bytes))
        #expect(error.kind == testCase.kind)
        #expect(error.offset == testCase.offset)
        #expect(error.line == testCase.line)
        #expect(error.column == testCase.column)
        #expect(error.message == testCase.message)
        #expect(error.description == testCase.message)
    }

    @Test("the same errors are thrown from an UnsafeRawBufferPointer")
    func rawBufferOverloadReportsTheSameError() throws {
        for testCase in Self.cases {
            let error = testCase.bytes.withUnsafeBytes { raw -> JSONParseError? in
                do throws(JSONParseError) {
                    _ = try JSONParser.parse(raw)
                    return nil
                } catch {
                    return error
                }
            }
            #expect(error == JSONTestSupport.parseError(testCase.bytes), "\(testCase.name)")
        }
    }

    @Test("a nil-based empty buffer is an end-of-input error")
    func emptyRawBuffer() {
        let empty = UnsafeRawBufferPointer(start: nil, count: 0)
        #expect(throws: JSONParseError(
            kind: .unexpectedEndOfInput, offset: 0, line: 1, column: 1,
            message: "unexpected end of input: expected a JSON value at line 1, column 1"
        )) {
            try JSONParser.parse(empty)
        }
    }

    @Test("control characters are found at every position of long strings")
    func controlCharactersAtEveryOffset() throws {
        for prefix in 0..<24 {
            let text = "\"" + String(repeating: "a", count: prefix) + "\u{1F}" + String(repeating: "b", count: 9) + "\""
            let error = try #require(JSONTestSupport.parseError(text))
            #expect(error.kind == .controlCharacterInString)
            #expect(error.offset == prefix + 1)
        }
    }

    @Test("closing quotes and escapes are found at every position of long strings")
    func quotesAndEscapesAtEveryOffset() throws {
        for prefix in 0..<24 {
            let plain = String(repeating: "a", count: prefix)
            let text = "[\"" + plain + "\\n" + plain + "\",\"" + plain + "\"]"
            let value = try JSONParser.parse(text)
            #expect(value == .array([.string(plain + "\n" + plain), .string(plain)]))
        }
    }
}
