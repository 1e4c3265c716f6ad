import Foundation
import HeraldJSON
import HeraldTestSupport
import Testing

@Suite("JSONParser values")
struct JSONParserValueTests {
    @Test("scalars at the top level, with whitespace around them")
    func topLevelScalars() throws {
        #expect(try JSONParser.parse(" null ") == .null)
        #expect(try JSONParser.parse("\ttrue\n") == .bool(true))
        #expect(try JSONParser.parse("\r\nfalse") == .bool(false))
        #expect(try JSONParser.parse("\"hi\"") == .string("hi"))
        #expect(try JSONParser.parse(" -12.5e1 ").numberValue?.text == "-12.5e1")
    }

    @Test("containers keep document order and duplicates")
    func containers() throws {
        let value = try JSONParser.parse(#" { "b" : [ 1 , [ ] , { } ] , "a" : null , "b" : "last" } "#)
        let members = try #require(value.objectMembers)
        #expect(members.map(\.key) == ["b", "a", "b"])
        #expect(members[0].value == .array([1, .array([]), .object([])]))
        #expect(value[key: "b"] == .string("last"))
        #expect(value[key: "a"] == .null)
        #expect(value[key: "missing"] == nil)
        #expect(JSONValue.array([1])[key: "b"] == nil)
        #expect(value.serialized() == #"{"b":[1,[],{}],"a":null,"b":"last"}"#)
    }

    @Test("accessors return payloads only for the matching case")
    func accessors() {
        let value: JSONValue = ["s": "x", "n": 2, "b": true, "z": nil, "a": [1, 2]]
        #expect(value[key: "s"]?.stringValue == "x")
        #expect(value[key: "n"]?.numberValue?.int64Value == 2)
        #expect(value[key: "b"]?.boolValue == true)
        #expect(value[key: "z"]?.isNull == true)
        #expect(value[key: "a"]?[index: 1] == 2)
        #expect(value[key: "a"]?[index: 2] == nil)
        #expect(value[key: "s"]?.numberValue == nil)
        #expect(value.arrayValue == nil)
        #expect(value.objectMembers?.count == 5)
    }

    @Test("string escapes decode to the right scalars")
    func escapes() throws {
        let text = #""\" \\ \/ \b \f \n \r \t \u0041 \u00e9 \u20AC \uD83D\uDE00 \u0000""#
        let value = try JSONParser.parse(text)
        #expect(value == .string("\" \\ / \u{08} \u{0C} \n \r \t A é € 😀 \u{0}"))
    }

    @Test("raw UTF-8 of every length is kept")
    func rawUTF8() throws {
        let value = try JSONParser.parse("[\"é\", \"中文\", \"😀👍🏽\", \"\u{7F}\", \"\u{10FFFF}\"]")
        #expect(value == ["é", "中文", "😀👍🏽", "\u{7F}", "\u{10FFFF}"])
    }

    @Test("keys are decoded like strings")
    func escapedKeys() throws {
        let value = try JSONParser.parse(#"{"p\u0061yload":1,"a\/b":2}"#)
        #expect(value.objectMembers?.map(\.key) == ["payload", "a/b"])
    }

    @Test("numbers keep text, Double and Int64")
    func numbers() throws {
        func number(_ text: String) throws -> JSONNumber {
            try #require(try JSONParser.parse(text).numberValue)
        }
        #expect(try number("0").int64Value == 0)
        #expect(try number("-0").doubleValue.sign == .minus)
        #expect(try number("-0").int64Value == 0)
        #expect(try number("9223372036854775807").int64Value == Int64.max)
        #expect(try number("-9223372036854775808").int64Value == Int64.min)
        #expect(try number("9223372036854775808").int64Value == nil)
        #expect(try number("9223372036854775808").doubleValue == 9_223_372_036_854_775_808.0)
        #expect(try number("12345678901234567890123").doubleValue == 1.2345678901234568e22)
        #expect(try number("1.5").int64Value == nil)
        #expect(try number("1.5").doubleValue == 1.5)
        #expect(try number("1E+2").text == "1E+2")
        #expect(try number("1E+2").int64Value == nil)
        #expect(try number("1E+2").doubleValue == 100)
        #expect(try number("0.1").doubleValue == 0.1)
        #expect(try number("-2.5e-3").doubleValue == -0.0025)
        #expect(try number("3.141592653589793238462643383279").doubleValue == Double.pi)
        #expect(try number("0.000000000000000000000000000001").doubleValue == 1e-30)
        #expect(try number("1e400").doubleValue == .infinity)
        #expect(try number("-1e400").doubleValue == -.infinity)
        #expect(try number("1e-400").doubleValue == 0)
        #expect(try number("123456789012345.678").doubleValue == 123456789012345.678)
    }

    @Test("the Double fast path agrees with the standard library", arguments: [1, 2, 3])
    func doubleFastPathAgreesWithStandardLibrary(seed: UInt64) throws {
        var builder = JSONRandomValueBuilder(seed: seed)
        for _ in 0..<2_000 {
            var text = builder.int(0...3) == 0 ? "0" : String(builder.int(1...9))
            if text != "0" {
                for _ in 0..<builder.int(0...10) { text += String(builder.int(0...9)) }
            }
            if text == "0" || builder.int(0...1) == 0 {
                text += "."
                for _ in 0..<builder.int(1...8) { text += String(builder.int(0...9)) }
            }
            if builder.int(0...1) == 0 { text += "e" + String(builder.int(-25...25)) }
            if builder.int(0...1) == 0 { text = "-" + text }
            let parsed = try #require(try JSONParser.parse(text).numberValue, "\(text)")
            let expected = try #require(Double(text))
            #expect(parsed.doubleValue.bitPattern == expected.bitPattern, "\(text)")
        }
    }

    @Test("every Double's description parses back to the same bits")
    func doubleDescriptionsRoundTrip() throws {
        var generator = SeededRandomNumberGenerator(seed: 42)
        for _ in 0..<5_000 {
            let double = Double(bitPattern: generator.next())
            guard double.isFinite else { continue }
            let parsed = try #require(try JSONParser.parse(double.description).numberValue)
            #expect(parsed.doubleValue.bitPattern == double.bitPattern, "\(double)")
        }
    }

    @Test("String and UnsafeRawBufferPointer inputs parse the same")
    func inputKinds() throws {
        let text = #"{"a":[1,"x",{"b":null}]}"#
        let fromString = try JSONParser.parse(text)
        let fromData = try Data(text.utf8).withUnsafeBytes { try JSONParser.parse($0) }
        #expect(fromString == fromData)
        #expect(fromString.serialized() == text)
    }
}
