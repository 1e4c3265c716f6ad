import Testing
import HeraldJSON

@Suite("JSONSchema keywords")
struct JSONSchemaKeywordTests {
    /// Parses `schema` and `instance` text and returns the first violation.
    private func violation(_ schema: String, _ instance: String) throws -> JSONSchemaViolation? {
        try JSONSchema(JSONParser.parse(schema)).validate(JSONParser.parse(instance))
    }

    private func expectValid(_ schema: String, _ instances: [String], sourceLocation: SourceLocation = #_sourceLocation) throws {
        for instance in instances {
            #expect(try violation(schema, instance) == nil, "\(instance)", sourceLocation: sourceLocation)
        }
    }

    private func expectViolation(
        _ schema: String, _ instance: String, _ pointer: String, _ message: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let found = try violation(schema, instance)
        #expect(found == JSONSchemaViolation(pointer: pointer, message: message), "\(instance)", sourceLocation: sourceLocation)
    }

    @Test("type with a single name")
    func typeSingle() throws {
        try expectValid(#"{"type":"integer"}"#, ["1", "-0", "1.0", "1e2", "12345678901234567890123"])
        try expectViolation(#"{"type":"integer"}"#, "1.5", "", "must be of type integer")
        try expectViolation(#"{"type":"integer"}"#, #""1""#, "", "must be of type integer")
        try expectValid(#"{"type":"number"}"#, ["1", "1.5", "-2e-9"])
        try expectViolation(#"{"type":"number"}"#, #""x""#, "", "must be of type number")
        try expectValid(#"{"type":"string"}"#, [#""""#])
        try expectViolation(#"{"type":"string"}"#, "null", "", "must be of type string")
        try expectValid(#"{"type":"boolean"}"#, ["true", "false"])
        try expectViolation(#"{"type":"boolean"}"#, "0", "", "must be of type boolean")
        try expectValid(#"{"type":"null"}"#, ["null"])
        try expectViolation(#"{"type":"null"}"#, "false", "", "must be of type null")
        try expectValid(#"{"type":"array"}"#, ["[]"])
        try expectViolation(#"{"type":"array"}"#, "{}", "", "must be of type array")
        try expectValid(#"{"type":"object"}"#, ["{}"])
        try expectViolation(#"{"type":"object"}"#, "[]", "", "must be of type object")
    }

    @Test("type with several names")
    func typeList() throws {
        try expectValid(#"{"type":["string","null"]}"#, ["null", #""a""#])
        try expectViolation(#"{"type":["string","null"]}"#, "1", "", "must be of type string or null")
        try expectViolation(#"{"type":["string","integer","null"]}"#, "1.5", "", "must be of type string, integer or null")
    }

    @Test("properties point into nested values")
    func properties() throws {
        let schema = #"{"properties":{"items":{"items":{"properties":{"price":{"minimum":0}}}}}}"#
        try expectValid(schema, [#"{"items":[{"price":0},{"price":3.5}]}"#, #"{"other":true}"#, "[]", "7"])
        try expectViolation(schema, #"{"items":[{"price":1},{"price":-1}]}"#, "/items/1/price", "must be at least 0")
    }

    @Test("pointers escape ~ and /")
    func pointerEscaping() throws {
        try expectViolation(#"{"properties":{"a/b~c":{"type":"string"}}}"#, #"{"a/b~c":1}"#, "/a~1b~0c", "must be of type string")
        try expectViolation(#"{"required":["x/y"]}"#, "{}", "/x~1y", "is required")
    }

    @Test("required reports the path of the missing property")
    func required() throws {
        let schema = #"{"properties":{"customer":{"required":["name","email"]}}}"#
        try expectValid(schema, [#"{"customer":{"name":"a","email":"b"}}"#, #"{"customer":"ignored, not an object"}"#])
        try expectViolation(schema, #"{"customer":{"name":"a"}}"#, "/customer/email", "is required")
        try expectViolation(#"{"required":["a","b"]}"#, #"{"b":null}"#, "/a", "is required")
        try expectViolation(#"{"required":["a"]}"#, #"{"A":1}"#, "/a", "is required")
    }

    @Test("additionalProperties false and as a schema")
    func additionalProperties() throws {
        let closed = #"{"properties":{"a":{}},"additionalProperties":false}"#
        try expectValid(closed, [#"{"a":1}"#, "{}"])
        try expectViolation(closed, #"{"a":1,"b":2}"#, "/b", "is not allowed")
        let typed = #"{"properties":{"id":{"type":"integer"}},"additionalProperties":{"type":"string"}}"#
        try expectValid(typed, [#"{"id":1,"x":"a"}"#])
        try expectViolation(typed, #"{"id":1,"x":"a","y":2}"#, "/y", "must be of type string")
        try expectValid(#"{"additionalProperties":true}"#, [#"{"any":[1]}"#])
    }

    @Test("items applies to every element")
    func items() throws {
        try expectValid(#"{"items":{"type":"integer"}}"#, ["[]", "[1,2,3.0]", #""not an array""#])
        try expectViolation(#"{"items":{"type":"integer"}}"#, #"[1,2,"x",4.5]"#, "/2", "must be of type integer")
        try expectValid(#"{"items":false}"#, ["[]"])
        try expectViolation(#"{"items":false}"#, "[1]", "/0", "is not allowed")
        try expectViolation(#"{"items":{"items":{"minimum":1}}}"#, "[[1],[1,0]]", "/1/1", "must be at least 1")
    }

    @Test("minItems and maxItems")
    func itemCounts() throws {
        try expectValid(#"{"minItems":2,"maxItems":3}"#, ["[1,2]", "[1,2,3]", "{}"])
        try expectViolation(#"{"minItems":2}"#, "[1]", "", "must contain at least 2 items")
        try expectViolation(#"{"minItems":1}"#, "[]", "", "must contain at least 1 item")
        try expectViolation(#"{"maxItems":1}"#, "[1,2]", "", "must contain at most 1 item")
        try expectViolation(#"{"maxItems":0}"#, "[1]", "", "must contain at most 0 items")
        try expectValid(#"{"minItems":2.0}"#, ["[1,2]"])
    }

    @Test("enum uses JSON equality")
    func enumKeyword() throws {
        let schema = #"{"enum":["a",1,null,{"k":[1]},{"x":1,"y":2}]}"#
        try expectValid(schema, [#""a""#, "1", "1.0", "1e0", "null", #"{"k":[1.0]}"#, #"{"y":2,"x":1}"#])
        try expectViolation(schema, #""b""#, "", #"must be one of ["a",1,null,{"k":[1]},{"x":1,"y":2}]"#)
        try expectViolation(schema, "true", "", #"must be one of ["a",1,null,{"k":[1]},{"x":1,"y":2}]"#)
        try expectViolation(schema, #"{"k":[1],"z":0}"#, "", #"must be one of ["a",1,null,{"k":[1]},{"x":1,"y":2}]"#)
        let long = "{\"enum\":[" + (0..<100).map { "\"value-\($0)\"" }.joined(separator: ",") + "]}"
        try expectViolation(long, #""nope""#, "", "must be one of the 100 values listed in enum")
        try expectViolation(#"{"enum":[]}"#, "1", "", "must be one of []")
    }

    @Test("const uses JSON equality")
    func constKeyword() throws {
        try expectValid(#"{"const":{"a":[1,2]}}"#, [#"{"a":[1.0,2]}"#])
        try expectViolation(#"{"const":{"a":[1,2]}}"#, #"{"a":[2,1]}"#, "", #"must be equal to {"a":[1,2]}"#)
        try expectValid(#"{"const":null}"#, ["null"])
        try expectViolation(#"{"const":null}"#, "0", "", "must be equal to null")
        try expectViolation(#"{"const":false}"#, "0", "", "must be equal to false")
        try expectViolation(#"{"const":"a"}"#, #""A""#, "", #"must be equal to "a""#)
    }

    @Test("minimum and exclusiveMinimum")
    func lowerBounds() throws {
        try expectValid(#"{"minimum":0}"#, ["0", "-0", "0.0", "1e-300", #""strings are ignored""#])
        try expectViolation(#"{"minimum":0}"#, "-0.5", "", "must be at least 0")
        try expectViolation(#"{"minimum":1.5e1}"#, "14.99", "", "must be at least 1.5e1")
        try expectValid(#"{"exclusiveMinimum":0}"#, ["0.0001"])
        try expectViolation(#"{"exclusiveMinimum":0}"#, "0", "", "must be greater than 0")
        try expectViolation(#"{"exclusiveMinimum":0}"#, "-0.0", "", "must be greater than 0")
    }

    @Test("maximum and exclusiveMaximum")
    func upperBounds() throws {
        try expectValid(#"{"maximum":10}"#, ["10", "10.0", "-1e400"])
        try expectViolation(#"{"maximum":10}"#, "10.5", "", "must be at most 10")
        try expectViolation(#"{"maximum":9007199254740992}"#, "9007199254740993", "", "must be at most 9007199254740992")
        try expectValid(#"{"exclusiveMaximum":10}"#, ["9.999999999999999999999"])
        try expectViolation(#"{"exclusiveMaximum":10}"#, "10.0", "", "must be less than 10")
    }

    @Test("minLength and maxLength count code points")
    func lengths() throws {
        try expectValid(#"{"minLength":2,"maxLength":2}"#, [#""ab""#, #""😀😀""#, #""e\u0301""#, "3"])
        try expectViolation(#"{"minLength":2}"#, #""é""#, "", "must be at least 2 characters long")
        try expectViolation(#"{"minLength":1}"#, #""""#, "", "must be at least 1 character long")
        try expectValid(#"{"maxLength":1}"#, [#""😀""#, #""\uD83D\uDE00""#])
        // One grapheme, two code points.
        try expectViolation(#"{"maxLength":1}"#, #""👍🏽""#, "", "must be at most 1 character long")
        try expectViolation(#"{"maxLength":3}"#, #""abcd""#, "", "must be at most 3 characters long")
    }

    @Test("pattern is an unanchored regular expression")
    func pattern() throws {
        try expectValid(#"{"pattern":"^[a-z]+$"}"#, [#""abc""#, "12"])
        try expectViolation(#"{"pattern":"^[a-z]+$"}"#, #""abC""#, "", "must match the pattern ^[a-z]+$")
        try expectValid(#"{"pattern":"b"}"#, [#""abc""#])
        try expectViolation(#"{"pattern":"b"}"#, #""ac""#, "", "must match the pattern b")
        try expectValid(#"{"pattern":"^.$"}"#, [#""😀""#])
        try expectValid(#"{"pattern":""}"#, [#""""#, #""anything""#])
    }

    @Test("boolean schemas")
    func booleanSchemas() throws {
        let accept = try JSONSchema(true)
        let reject = try JSONSchema(false)
        for text in ["null", "1", #""x""#, "[1]", #"{"a":{}}"#] {
            let value = try JSONParser.parse(text)
            #expect(accept.validate(value) == nil)
            #expect(accept.isValid(value))
            #expect(reject.validate(value) == JSONSchemaViolation(pointer: "", message: "is not allowed"))
            #expect(!reject.isValid(value))
        }
        try expectViolation(#"{"properties":{"a":false}}"#, #"{"a":1}"#, "/a", "is not allowed")
        try expectValid(#"{}"#, ["1", "[]"])
    }

    @Test("unknown keywords are ignored")
    func unknownKeywords() throws {
        try expectValid(#"{"$schema":"https://json-schema.org/draft/2020-12/schema","title":"x","format":"email","x-extra":[1],"minimum2":"no"}"#,
                        [#""not an email""#, "1"])
        try expectValid(##"{"$defs":{"bad":{"$ref":"#"}},"description":5}"##, ["1"])
    }

    @Test("the first failure is the earliest in the instance")
    func failureOrder() throws {
        // Checks on the value itself come before its children.
        try expectViolation(#"{"required":["b"],"properties":{"a":{"type":"string"}}}"#, #"{"a":1}"#, "/b", "is required")
        try expectViolation(#"{"type":"string","minLength":5}"#, "3", "", "must be of type string")
        // Children are visited in the instance's member order, not the schema's.
        let two = #"{"properties":{"a":{"type":"string"},"b":{"type":"string"}}}"#
        try expectViolation(two, #"{"b":1,"a":2}"#, "/b", "must be of type string")
        try expectViolation(two, #"{"a":2,"b":1}"#, "/a", "must be of type string")
        try expectViolation(#"{"items":{"minimum":0}}"#, "[0,-1,-2]", "/1", "must be at least 0")
        try expectViolation(#"{"minimum":0,"maximum":-5}"#, "-1", "", "must be at least 0")
    }

    @Test("duplicate member names validate only the last value")
    func duplicateMembers() throws {
        let schema = #"{"properties":{"a":{"type":"string"}}}"#
        try expectValid(schema, [#"{"a":1,"a":"x"}"#])
        try expectViolation(schema, #"{"a":"x","a":1}"#, "/a", "must be of type string")
        // Large objects take the dictionary path.
        let filler = (0..<30).map { "\"k\($0)\":\($0)" }.joined(separator: ",")
        try expectValid(schema, ["{\"a\":1,\(filler),\"a\":\"x\"}"])
        try expectViolation(schema, "{\"a\":\"x\",\(filler),\"a\":1}", "/a", "must be of type string")
        try expectViolation(#"{"required":["zz"]}"#, "{\(filler)}", "/zz", "is required")
        try expectValid(#"{"required":["k29"]}"#, ["{\(filler)}"])
    }

    @Test("a realistic event schema")
    func eventSchema() throws {
        let schema = """
        {"type":"object","required":["id","items","customer"],"additionalProperties":false,
         "properties":{
           "id":{"type":"string","pattern":"^ord_[0-9a-f]{8}$"},
           "customer":{"type":"object","required":["email"],"properties":{"email":{"type":"string","minLength":3}}},
           "items":{"type":"array","minItems":1,"items":{"type":"object","required":["sku","price"],
             "properties":{"sku":{"type":"string"},"price":{"type":"number","minimum":0},"qty":{"type":"integer","exclusiveMinimum":0}}}},
           "status":{"enum":["new","paid"]}}}
        """
        try expectValid(schema, [#"{"id":"ord_0123abcd","customer":{"email":"a@b"},"items":[{"sku":"x","price":0,"qty":2.0}],"status":"paid"}"#])
        try expectViolation(schema, #"{"id":"ord_0123abcd","customer":{},"items":[{"sku":"x","price":1}]}"#, "/customer/email", "is required")
        try expectViolation(schema, #"{"id":"ord_0123abcd","customer":{"email":"a@b"},"items":[{"sku":"x","price":1},{"sku":"y","price":-2}]}"#,
                            "/items/1/price", "must be at least 0")
        try expectViolation(schema, #"{"id":"ord_1","customer":{"email":"a@b"},"items":[{"sku":"x","price":1}]}"#,
                            "/id", "must match the pattern ^ord_[0-9a-f]{8}$")
        try expectViolation(schema, #"{"id":"ord_0123abcd","customer":{"email":"a@b"},"items":[{"sku":"x","price":1,"qty":0}]}"#,
                            "/items/0/qty", "must be greater than 0")
        try expectViolation(schema, #"{"id":"ord_0123abcd","customer":{"email":"a@b"},"items":[{"sku":"x","price":1}],"extra":1}"#,
                            "/extra", "is not allowed")
        #expect(JSONSchemaViolation(pointer: "/items/1/price", message: "must be at least 0").description == "/items/1/price must be at least 0")
        #expect(JSONSchemaViolation(pointer: "", message: "is not allowed").description == "value is not allowed")
    }

    @Test("the schema document is kept")
    func documentIsKept() throws {
        let document: JSONValue = ["type": "string"]
        #expect(try JSONSchema(document).document == document)
    }
}
