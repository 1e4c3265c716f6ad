import Foundation
import Testing
import HeraldJSON

@Suite("JSONParser agrees with JSONSerialization")
struct JSONFoundationAgreementTests {
    /// Tricky documents, valid and invalid, on which Foundation follows RFC 8259.
    static let trickyInputs: [[UInt8]] = [
        "0", "-0", "0e0", "-0.0e-0", "1E5", "1e+5", "1.0e-5", "-1.5E+3", "0.0000001",
        "123456789012345678901234567890", "01", "-01", "00", "1.", ".1", "1e", "1e+", "-", "--1",
        "+1", "0x10", "1.5.5", "NaN", "Infinity", "-Infinity", "[1 2]", "[1,,2]", "[,1]", "[-]",
        "[.5]", "{\"a\" 1}", "{1:2}", "{\"a\"}", "{,}", "{\"a\":1}}", "[]]", "[1] x", "1 2",
        " 1 ", "", " ", "tru", "nul", "True", "[nul]", "[true false]", "// c\n1", "/* c */ 1",
        "[\n1\r\n,\t2]", "\u{0C}1", "[\u{0B}]", "{\"a\":{\"b\":[]}}", "{\"a\":1,\"a\":2}",
        "\"\\/\"", "\"\\u0000\"", "\"\\u00e9\"", "\"\\u00\"", "\"\\u00G0\"", "\"\\U0041\"", "\"\\x\"",
        "\"\\'\"", "\"\\a\"", "\"\\ud800\"", "\"\\udc00\"", "\"\\ud800\\u0041\"", "\"\\ud83d\\ude00\"",
        "\"\\ude00\\ud83d\"", "\"a\tb\"", "\"a\nb\"", "\"\u{1F}\"", "\"\u{7F}\"", "\"abc",
        "{\"a\":[1,{\"b\":null}],\"c\":\"\\\"\"}", "[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]",
    ].map { Array($0.utf8) } + [
        [0x22, 0xFF, 0x22], [0x22, 0xC0, 0xAF, 0x22], [0x22, 0xED, 0xA0, 0x80, 0x22],
        [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22], [0x22, 0xE2, 0x82, 0x22], [0x22, 0xF0, 0x9F, 0x98, 0x80, 0x22],
        [0x22, 0x00, 0x22], [0x22, 0x80, 0x22], [0x22, 0xC3, 0xA9, 0x22],
    ]

    @Test("accepts exactly the same tricky documents")
    func sameVerdicts() {
        var accepted = 0
        for bytes in Self.trickyInputs {
            let ours = (try? JSONParser.parse(bytes)) != nil
            let foundation = (try? JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])) != nil
            #expect(ours == foundation, "\(String(decoding: bytes, as: UTF8.self).debugDescription)")
            if ours { accepted += 1 }
        }
        // Both verdicts occur, so the comparison means something.
        #expect(accepted > 10)
        #expect(accepted < Self.trickyInputs.count - 10)
    }

    /// Inputs that swift-corelibs-foundation accepts although RFC 8259 does not
    /// allow them (or, for `1e400`, rejects although the grammar allows it).
    @Test("known leniencies of Foundation are strict here")
    func knownDifferences() {
        #expect(JSONTestSupport.parseError("[1,]")?.kind == .unexpectedCharacter)
        #expect(JSONTestSupport.parseError("{\"a\":1,}")?.kind == .unexpectedCharacter)
        #expect(JSONTestSupport.parseError("[\"a\",]")?.kind == .unexpectedCharacter)
        #expect(JSONTestSupport.parseError([0xEF, 0xBB, 0xBF, 0x31])?.kind == .unexpectedCharacter)
        #expect(JSONTestSupport.parseError("1e400") == nil)
    }
}
