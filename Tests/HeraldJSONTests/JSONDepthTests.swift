import Testing
import HeraldJSON

@Suite("JSONParser nesting limit")
struct JSONDepthTests {
    private func nestedArrays(_ depth: Int) -> String {
        String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
    }

    @Test("the default limit is 64 levels")
    func defaultLimit() throws {
        #expect(JSONParser.defaultMaximumDepth == 64)
        _ = try JSONParser.parse(nestedArrays(64))
        let error = try #require(JSONTestSupport.parseError(nestedArrays(65)))
        #expect(error.kind == .nestingTooDeep)
        #expect(error.offset == 64)
        #expect(error.column == 65)
        #expect(error.message == "nesting depth exceeds the maximum of 64 at line 1, column 65")
    }

    @Test("objects and arrays both count")
    func mixedContainers() throws {
        let three = #"{"a":[{"b":1}]}"#
        _ = try JSONParser.parse(three, maximumDepth: 3)
        let error = try #require(JSONTestSupport.parseError(three, maximumDepth: 2))
        #expect(error.kind == .nestingTooDeep)
        #expect(error.offset == 6)
        #expect(error.message == "nesting depth exceeds the maximum of 2 at line 1, column 7")
    }

    @Test("siblings do not add depth")
    func siblings() throws {
        _ = try JSONParser.parse("[[1],[2],{\"a\":[3]},[[]]]", maximumDepth: 3)
        #expect(JSONTestSupport.parseError("[[1],[2],[[[]]]]", maximumDepth: 3)?.kind == .nestingTooDeep)
    }

    @Test("a limit of zero allows only scalars")
    func zeroLimit() throws {
        #expect(try JSONParser.parse("1", maximumDepth: 0) == 1)
        #expect(JSONTestSupport.parseError("[]", maximumDepth: 0)?.kind == .nestingTooDeep)
        #expect(JSONTestSupport.parseError("{}", maximumDepth: 0)?.kind == .nestingTooDeep)
    }

    @Test("very deep input fails fast instead of overflowing the stack")
    func hostileDepth() throws {
        let bytes = [UInt8](repeating: UInt8(ascii: "["), count: 1_000_000)
        let error = try #require(JSONTestSupport.parseError(bytes))
        #expect(error.kind == .nestingTooDeep)
        #expect(error.offset == 64)
    }

    @Test("a raised limit allows deeper documents")
    func raisedLimit() throws {
        let value = try JSONParser.parse(nestedArrays(500), maximumDepth: 500)
        #expect(value.serialized() == nestedArrays(500))
    }

    @Test("the top-level object of parseObjectMembers counts as one level")
    func objectMembersDepth() throws {
        _ = try JSONParser.parseObjectMembers(Array(#"{"a":[[1]]}"#.utf8), maximumDepth: 3)
        #expect(throws: JSONParseError.self) {
            try JSONParser.parseObjectMembers(Array(#"{"a":[[1]]}"#.utf8), maximumDepth: 2)
        }
        #expect(throws: JSONParseError.self) {
            try JSONParser.parseObjectMembers(Array("{}".utf8), maximumDepth: 0)
        }
    }
}
