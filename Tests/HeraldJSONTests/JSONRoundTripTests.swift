import Foundation
import Testing
import HeraldJSON

@Suite("JSON round trips")
struct JSONRoundTripTests {
    @Test("serialized() then parse gives the same value and the same text", arguments: [1, 2, 3, 4] as [UInt64])
    func randomValuesRoundTrip(seed: UInt64) throws {
        var builder = JSONRandomValueBuilder(seed: seed)
        for _ in 0..<100 {
            let value = builder.value()
            let text = value.serialized()
            let parsed = try JSONParser.parse(text)
            #expect(parsed == value, "\(text)")
            #expect(parsed.serialized() == text)
            #expect(value.serializedBytes() == Array(text.utf8))
            // An independent parser accepts everything we write.
            #expect(
                (try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])) != nil,
                "\(text)"
            )
        }
    }

    @Test("strings survive a round trip through Foundation in both directions")
    func stringsAgreeWithFoundation() throws {
        var builder = JSONRandomValueBuilder(seed: 99)
        for _ in 0..<300 {
            // swift-corelibs-foundation drops U+FEFF inside strings, so leave it out here.
            let string = String(String.UnicodeScalarView(builder.string(maxLength: 20).unicodeScalars.filter { $0 != "\u{FEFF}" }))
            let ours = JSONValue.string(string).serialized()
            let decodedByFoundation = try JSONSerialization.jsonObject(
                with: Data(ours.utf8), options: [.fragmentsAllowed]
            ) as? String
            #expect(decodedByFoundation == string)
            let theirs = try JSONSerialization.data(withJSONObject: [string], options: [])
            #expect(try JSONParser.parse([UInt8](theirs)) == .array([.string(string)]))
        }
    }

    @Test("serialization escapes exactly what must be escaped")
    func escaping() {
        let value: JSONValue = ["k\"\\\u{1}": "\"\\/\u{08}\u{0C}\n\r\t\u{0}\u{1F}\u{7F}é😀\u{2028}"]
        #expect(value.serialized() == #"{"k\"\\\u0001":"\"\\/\b\f\n\r\t\u0000\u001f"# + "\u{7F}é😀\u{2028}\"}")
    }

    @Test("numbers are written with their source text")
    func numberText() throws {
        let value = try JSONParser.parse(" [ 1E+2 , -0.0 , 1.50 , 123456789012345678901234567890 ] ")
        #expect(value.serialized() == "[1E+2,-0.0,1.50,123456789012345678901234567890]")
    }

    @Test("object equality ignores member order and honours the last duplicate")
    func objectEquality() throws {
        #expect(try JSONParser.parse(#"{"a":1,"b":[1,2]}"#) == JSONParser.parse(#"{"b":[1.0,2e0],"a":1}"#))
        #expect(try JSONParser.parse(#"{"a":1,"a":2}"#) == JSONParser.parse(#"{"a":2}"#))
        #expect(try JSONParser.parse(#"{"a":3,"a":2}"#) == JSONParser.parse(#"{"a":1,"a":2}"#))
        #expect(try JSONParser.parse(#"{"a":1}"#) != JSONParser.parse(#"{"a":1,"b":1}"#))
        #expect(try JSONParser.parse(#"{"a":1,"b":2}"#) != JSONParser.parse(#"{"b":2,"a":2}"#))
        #expect(try JSONParser.parse("[1,2]") != JSONParser.parse("[2,1]"))
        #expect(JSONValue.bool(false) != JSONValue.number(JSONNumber(0)))
        #expect(JSONValue.null != JSONValue.string("null"))
    }
}
