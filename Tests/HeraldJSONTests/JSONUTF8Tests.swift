import Testing
import HeraldJSON

@Suite("JSONParser UTF-8 validation")
struct JSONUTF8Tests {
    /// Bytes placed inside a string, with the expected offset of the error within the whole input.
    static let invalidSequences: [(name: String, bytes: [UInt8], message: String)] = [
        ("lone continuation byte", [0x80], "invalid UTF-8 byte 0x80 in string"),
        ("overlong two-byte slash", [0xC0, 0xAF], "invalid UTF-8 byte 0xC0 in string"),
        ("overlong two-byte C1", [0xC1, 0xBF], "invalid UTF-8 byte 0xC1 in string"),
        ("overlong three-byte", [0xE0, 0x80, 0xAF], "invalid UTF-8 sequence in string"),
        ("overlong four-byte", [0xF0, 0x80, 0x80, 0xAF], "invalid UTF-8 sequence in string"),
        ("encoded high surrogate", [0xED, 0xA0, 0x80], "invalid UTF-8 sequence in string"),
        ("encoded low surrogate", [0xED, 0xBF, 0xBF], "invalid UTF-8 sequence in string"),
        ("above U+10FFFF", [0xF4, 0x90, 0x80, 0x80], "invalid UTF-8 sequence in string"),
        ("F5 lead byte", [0xF5, 0x80, 0x80, 0x80], "invalid UTF-8 byte 0xF5 in string"),
        ("FF byte", [0xFF], "invalid UTF-8 byte 0xFF in string"),
        ("truncated three-byte", [0xE2, 0x82], "invalid UTF-8 sequence in string"),
        ("truncated four-byte", [0xF0, 0x9F, 0x98], "invalid UTF-8 sequence in string"),
        ("continuation replaced by ASCII", [0xC3, 0x41], "invalid UTF-8 sequence in string"),
    ]

    @Test("malformed sequences are rejected at their first byte")
    func malformedSequences() throws {
        for sequence in Self.invalidSequences {
            // Short and long prefixes cover both the byte loop and the 8-byte scan.
            for prefix in ["", "ab", "abcdefghijklmnop"] {
                let bytes = Array("[\"\(prefix)".utf8) + sequence.bytes + Array("z\"]".utf8)
                let error = try #require(JSONTestSupport.parseError(bytes), "\(sequence.name)")
                #expect(error.kind == .invalidUTF8, "\(sequence.name)")
                #expect(error.offset == 2 + prefix.utf8.count, "\(sequence.name)")
                #expect(error.column == 3 + prefix.count, "\(sequence.name)")
                #expect(error.message == "\(sequence.message) at line 1, column \(3 + prefix.count)", "\(sequence.name)")
            }
        }
    }

    @Test("a sequence cut off by the end of input is invalid UTF-8")
    func truncatedAtEndOfInput() throws {
        let error = try #require(JSONTestSupport.parseError([0x22, 0xE2, 0x82]))
        #expect(error.kind == .invalidUTF8)
        #expect(error.offset == 1)
    }

    @Test("malformed UTF-8 in an object key is rejected")
    func malformedKey() throws {
        let bytes = Array("{\"".utf8) + [0xFE] + Array("\":1}".utf8)
        let error = try #require(JSONTestSupport.parseError(bytes))
        #expect(error.kind == .invalidUTF8)
        #expect(error.offset == 2)
    }

    @Test("non-ASCII bytes outside strings are unexpected characters")
    func nonASCIIOutsideStrings() throws {
        let error = try #require(JSONTestSupport.parseError("[é]"))
        #expect(error.kind == .unexpectedCharacter)
        #expect(error.offset == 1)
        let invalid = try #require(JSONTestSupport.parseError([0x5B, 0xFF, 0x5D]))
        #expect(invalid.kind == .unexpectedCharacter)
    }

    @Test("boundary code points are accepted")
    func boundaryCodePoints() throws {
        let samples: [(bytes: [UInt8], scalar: UInt32)] = [
            ([0x7F], 0x7F), ([0xC2, 0x80], 0x80), ([0xDF, 0xBF], 0x7FF), ([0xE0, 0xA0, 0x80], 0x800),
            ([0xED, 0x9F, 0xBF], 0xD7FF), ([0xEE, 0x80, 0x80], 0xE000), ([0xEF, 0xBF, 0xBF], 0xFFFF),
            ([0xF0, 0x90, 0x80, 0x80], 0x10000), ([0xF4, 0x8F, 0xBF, 0xBF], 0x10FFFF),
        ]
        for sample in samples {
            let value = try JSONParser.parse([0x22] + sample.bytes + [0x22])
            let scalar = try #require(Unicode.Scalar(sample.scalar))
            #expect(value == .string(String(Character(scalar))))
        }
    }
}
