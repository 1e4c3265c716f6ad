import Foundation
import HeraldAPI
import HeraldJSON
import Testing

/// `AnyJSON` keeps numbers as they were written.
@Suite("AnyJSON numbers")
struct AnyJSONTests {
    static let literals = ["9007199254740993", "-0.5", "1e400", "0.1000000000000000000000000000000000000000001", "12345678901234567890123456789"]

    @Test("parsing and serializing keep every number's text", arguments: literals)
    func parsingIsExact(_ literal: String) throws {
        let value = try AnyJSON(parsing: Array(#"{"a":[\#(literal)]}"#.utf8))
        guard case .number(let number)? = value["a"].flatMap({ if case .array(let items) = $0 { items.first } else { nil } }) else {
            Issue.record("no number in \(value)")
            return
        }
        #expect(number.text == literal)
        #expect(String(decoding: value.serialized(), as: UTF8.self) == #"{"a":[\#(literal)]}"#)
    }

    @Test("API documents decoded through APICoding keep every number exactly, inside arrays and objects", arguments: literals)
    func apiDecodingIsExact(_ literal: String) throws {
        struct Document: Decodable { let items: [Item] }
        struct Item: Decodable { let schema: AnyJSON }
        let bytes = Array(#"{"items":[{"schema":{"x":1}},{"schema":{"maximum":\#(literal),"list":[1,\#(literal)]}}]}"#.utf8)
        let document = try APICoding.decode(Document.self, from: bytes)
        let expected = try #require(JSONNumber(text: literal))
        #expect(document.items[1].schema["maximum"] == .number(expected))
        #expect(document.items[1].schema["list"] == .array([.number(JSONNumber(1)), .number(expected)]))
        if case .number(let number)? = document.items[1].schema["maximum"] { #expect(number.text == literal) }
    }

    @Test("a plain JSONDecoder and JSONEncoder are exact up to Decimal's 38 digits")
    func foundationCodingWithinDecimal() throws {
        let decoded = try JSONDecoder().decode(AnyJSON.self, from: Data(#"{"n":9007199254740993,"f":0.1}"#.utf8))
        #expect(decoded["n"] == .number(JSONNumber(9_007_199_254_740_993)))
        let encoded = String(decoding: try JSONEncoder().encode(decoded), as: UTF8.self)
        #expect(encoded.contains("9007199254740993"))
        #expect(encoded.contains("0.1"))
    }

    @Test("encoding a number JSONEncoder cannot write exactly is an error, not a rounding")
    func encodingRefusesRounding() throws {
        let value = try AnyJSON(parsing: Array("[0.1000000000000000000000000000000000000000001]".utf8))
        #expect(throws: EncodingError.self) { try JSONEncoder().encode(value) }
    }
}
