import Foundation
import HeraldJSON
import Testing

@Suite("JSONParser.parseArrayOfObjectMembers")
struct JSONArrayOfObjectsTests {
    func error(_ text: String, maximumDepth: Int = JSONParser.defaultMaximumDepth) -> JSONParseError? {
        do throws(JSONParseError) {
            _ = try JSONParser.parseArrayOfObjectMembers(Array(text.utf8), maximumDepth: maximumDepth)
            return nil
        } catch {
            return error
        }
    }

    @Test("each object's value ranges slice out exactly the original bytes of the whole input")
    func ranges() throws {
        let text = #" [ {"id":"a", "data" : {"x": [1, 2.50]}} ,{"id":"b","data":null, "id":"c"} ]  "#
        let bytes = Array(text.utf8)
        let objects = try JSONParser.parseArrayOfObjectMembers(bytes)
        #expect(objects.count == 2)
        #expect(objects.map { $0.map(\.key) } == [["id", "data"], ["id", "data", "id"]])
        #expect(String(decoding: bytes[objects[0][1].valueRange], as: UTF8.self) == #"{"x": [1, 2.50]}"#)
        #expect(String(decoding: bytes[objects[1][2].valueRange], as: UTF8.self) == #""c""#)
        let raw = try Data(bytes).withUnsafeBytes { try JSONParser.parseArrayOfObjectMembers($0) }
        #expect(raw == objects)
    }

    @Test("an empty array has no objects, and an empty object no members")
    func empty() throws {
        #expect(try JSONParser.parseArrayOfObjectMembers(Array(" [ ] ".utf8)).isEmpty)
        #expect(try JSONParser.parseArrayOfObjectMembers(Array("[{}]".utf8)) == [[]])
    }

    @Test("anything but an array of objects is refused, saying where")
    func refused() {
        #expect(error(#"{"a":1}"#)?.kind == .notAnArray)
        #expect(error(#"{"a":1}"#)?.message == "expected '[' to begin a JSON array at line 1, column 1")
        #expect(error("")?.kind == .unexpectedEndOfInput)
        #expect(error(#"[{}, 2]"#)?.kind == .notAnObject)
        #expect(error(#"[{}, 2]"#)?.message == "expected '{' to begin object 1 of the array at line 1, column 6")
        #expect(error(#"[{},]"#)?.kind == .notAnObject)
        #expect(error(#"[{} {}]"#)?.message == "expected ',' or ']' after an array element at line 1, column 5")
        #expect(error(#"[{}] x"#)?.kind == .trailingContent)
        #expect(error(#"[{"a":1,}]"#)?.message == "expected a string key after ',' in an object at line 1, column 9")
        #expect(error(#"[{"a":1}"#)?.kind == .unexpectedEndOfInput)
    }

    @Test("the array and its objects count towards the nesting limit")
    func depth() {
        #expect(error(#"[{"a":[]}]"#, maximumDepth: 3) == nil)
        #expect(error(#"[{"a":[[]]}]"#, maximumDepth: 3)?.kind == .nestingTooDeep)
        #expect(error(#"[{}]"#, maximumDepth: 1)?.kind == .nestingTooDeep)
    }
}
