import Foundation
import Testing
import HeraldJSON

@Suite("JSONParser.parseObjectMembers")
struct JSONObjectMembersTests {
    @Test("value ranges slice out exactly the original bytes")
    func rangesSliceOriginalBytes() throws {
        let text = "  {  \"id\" : 42 ,\"p\\u0061yload\":   {\"a\" : [1, 2,  {\"b\":\"\\u00e9\\n\"}] , \"c\": null}\t,\n"
            + "\"s\":\"x\\\"y\\/é😀\" , \"n\":-1.5e+3,\"arr\":[ ],\r\n \"t\":true, \"id\":\"again\"}  \n"
        let bytes = Array(text.utf8)
        let members = try JSONParser.parseObjectMembers(bytes)
        #expect(members.map(\.key) == ["id", "payload", "s", "n", "arr", "t", "id"])
        let slices = members.map { String(decoding: bytes[$0.valueRange], as: UTF8.self) }
        #expect(slices == [
            "42",
            "{\"a\" : [1, 2,  {\"b\":\"\\u00e9\\n\"}] , \"c\": null}",
            "\"x\\\"y\\/é😀\"",
            "-1.5e+3",
            "[ ]",
            "true",
            "\"again\"",
        ])
        // Each slice is itself the JSON text of the parsed value.
        for member in members {
            #expect(try JSONParser.parse(Array(bytes[member.valueRange])) == member.value)
        }
        #expect(members[1].value[key: "a"]?[index: 2]?[key: "b"] == .string("é\n"))
        #expect(members[2].value == .string("x\"y/é😀"))
    }

    @Test("the raw-buffer overload gives the same ranges")
    func rawBufferOverload() throws {
        let data = Data(#"{"a":1,"b":[true]}"#.utf8)
        let members = try data.withUnsafeBytes { try JSONParser.parseObjectMembers($0) }
        #expect(members == [
            JSONRangedMember(key: "a", value: 1, valueRange: 5..<6),
            JSONRangedMember(key: "b", value: [true], valueRange: 11..<17),
        ])
    }

    @Test("an empty object has no members")
    func emptyObject() throws {
        #expect(try JSONParser.parseObjectMembers(Array(" { } ".utf8)).isEmpty)
    }

    @Test("anything but an object is rejected")
    func notAnObject() throws {
        #expect(throws: JSONParseError(
            kind: .notAnObject, offset: 1, line: 1, column: 2,
            message: "expected '{' to begin a JSON object at line 1, column 2"
        )) {
            try JSONParser.parseObjectMembers(Array(" [1]".utf8))
        }
        #expect(throws: JSONParseError(
            kind: .unexpectedEndOfInput, offset: 0, line: 1, column: 1,
            message: "unexpected end of input: expected '{' to begin a JSON object at line 1, column 1"
        )) {
            try JSONParser.parseObjectMembers([])
        }
    }

    @Test("syntax errors inside and after the object are reported")
    func syntaxErrors() throws {
        func error(_ text: String) -> JSONParseError? {
            do throws(JSONParseError) {
                _ = try JSONParser.parseObjectMembers(Array(text.utf8))
                return nil
            } catch {
                return error
            }
        }
        #expect(error(#"{"a":1,}"#)?.message == "expected a string key after ',' in an object at line 1, column 8")
        #expect(error(#"{"a":1 "b":2}"#)?.message == "expected ',' or '}' after an object member at line 1, column 8")
        #expect(error(#"{"a":[1,]}"#)?.message == "expected a JSON value after ',' in an array at line 1, column 9")
        #expect(error(#"{"a":1} x"#)?.kind == .trailingContent)
        #expect(error(#"{"a":}"#)?.message == "expected a JSON value after ':' at line 1, column 6")
        #expect(error(#"{"a""#)?.message == "unexpected end of input: expected ':' after an object key at line 1, column 5")
        #expect(error("{")?.message == "unexpected end of input: expected a string key or '}' after '{' at line 1, column 2")
    }

    @Test("the members match a full parse of the same document")
    func matchesFullParse() throws {
        var builder = JSONRandomValueBuilder(seed: 7)
        for _ in 0..<100 {
            guard case .object(let expected) = builder.value(depth: 0) else { continue }
            let bytes = JSONValue.object(expected).serializedBytes()
            let members = try JSONParser.parseObjectMembers(bytes)
            #expect(members.map { JSONMember($0.key, $0.value) } == expected)
            for (member, original) in zip(members, expected) {
                #expect(Array(bytes[member.valueRange]) == original.value.serializedBytes())
            }
        }
    }
}
