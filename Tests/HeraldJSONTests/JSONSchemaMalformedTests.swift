import Testing
import HeraldJSON

@Suite("JSONSchema rejects malformed schemas")
struct JSONSchemaMalformedTests {
    /// The error for schema text, or `nil` if it is accepted.
    private func schemaError(_ text: String) throws -> JSONSchemaError? {
        let document = try JSONParser.parse(text)
        do throws(JSONSchemaError) {
            _ = try JSONSchema(document)
            return nil
        } catch {
            return error
        }
    }

    static let cases: [(schema: String, pointer: String, message: String)] = [
        ("1", "", "the schema must be an object or a boolean"),
        (#""string""#, "", "the schema must be an object or a boolean"),
        (#"{"properties":{"price":{"minimum":"0"}}}"#, "/properties/price/minimum", "/properties/price/minimum must be a number"),
        (#"{"maximum":null}"#, "/maximum", "/maximum must be a number"),
        (#"{"exclusiveMinimum":true}"#, "/exclusiveMinimum", "/exclusiveMinimum must be a number"),
        (#"{"exclusiveMaximum":[1]}"#, "/exclusiveMaximum", "/exclusiveMaximum must be a number"),
        (#"{"type":"strin"}"#, "/type", #"/type must be one of array, boolean, integer, null, number, object, string, not "strin""#),
        (#"{"type":["string","float"]}"#, "/type/1", #"/type/1 must be one of array, boolean, integer, null, number, object, string, not "float""#),
        (#"{"type":["string",3]}"#, "/type/1", "/type/1 must be a string"),
        (#"{"type":["string","null","string"]}"#, "/type/2", "/type/2 must not repeat the type string"),
        (#"{"type":[]}"#, "/type", "/type must not be an empty array"),
        (#"{"type":5}"#, "/type", "/type must be a string or an array of strings"),
        (##"{"$ref":"#/$defs/a"}"##, "/$ref", "/$ref is not supported: schema references cannot be resolved, inline the referenced schema instead"),
        (##"{"properties":{"a":{"items":{"$ref":"#"}}}}"##, "/properties/a/items/$ref",
         "/properties/a/items/$ref is not supported: schema references cannot be resolved, inline the referenced schema instead"),
        (##"{"$dynamicRef":"#meta"}"##, "/$dynamicRef",
         "/$dynamicRef is not supported: schema references cannot be resolved, inline the referenced schema instead"),
        (#"{"required":"a"}"#, "/required", "/required must be an array of strings"),
        (#"{"required":["a",1]}"#, "/required/1", "/required/1 must be a string"),
        (#"{"required":["a","a"]}"#, "/required/1", #"/required/1 must not repeat the property name "a""#),
        (#"{"properties":[]}"#, "/properties", "/properties must be an object"),
        (#"{"properties":{"a":1}}"#, "/properties/a", "/properties/a must be an object or a boolean"),
        (#"{"properties":{"a/b~":null}}"#, "/properties/a~1b~0", "/properties/a~1b~0 must be an object or a boolean"),
        (#"{"additionalProperties":"no"}"#, "/additionalProperties", "/additionalProperties must be an object or a boolean"),
        (#"{"additionalProperties":{"type":"nope"}}"#, "/additionalProperties/type",
         #"/additionalProperties/type must be one of array, boolean, integer, null, number, object, string, not "nope""#),
        (#"{"items":[{}]}"#, "/items",
         "/items must be an object or a boolean (arrays of schemas are prefixItems in draft 2020-12, which is not supported)"),
        (#"{"items":3}"#, "/items", "/items must be an object or a boolean"),
        (#"{"minItems":-1}"#, "/minItems", "/minItems must be a non-negative integer"),
        (#"{"maxItems":"2"}"#, "/maxItems", "/maxItems must be a non-negative integer"),
        (#"{"minLength":1.5}"#, "/minLength", "/minLength must be a non-negative integer"),
        (#"{"maxLength":null}"#, "/maxLength", "/maxLength must be a non-negative integer"),
        (#"{"enum":{}}"#, "/enum", "/enum must be an array"),
        (#"{"pattern":3}"#, "/pattern", "/pattern must be a string"),
        (#"{"pattern":"[a-"}"#, "/pattern", #"/pattern must be a valid regular expression, but "[a-" does not compile"#),
        (#"{"properties":{"name":{"pattern":"(unclosed"}}}"#, "/properties/name/pattern",
         #"/properties/name/pattern must be a valid regular expression, but "(unclosed" does not compile"#),
        // The first problem in schema document order wins.
        (#"{"minimum":"a","maximum":"b"}"#, "/minimum", "/minimum must be a number"),
    ]

    @Test("each malformed schema names the pointer of its problem")
    func malformedSchemas() throws {
        for testCase in Self.cases {
            let error = try #require(try schemaError(testCase.schema), "\(testCase.schema)")
            #expect(error.pointer == testCase.pointer, "\(testCase.schema)")
            #expect(error.message == testCase.message, "\(testCase.schema)")
            #expect(error.description == testCase.message)
        }
    }

    @Test("well-formed edge cases are accepted")
    func acceptedEdgeCases() throws {
        for text in [#"{"minItems":2.0}"#, #"{"maxLength":1e30}"#, #"{"minLength":0}"#, #"{"enum":[]}"#,
                     #"{"const":null}"#, #"{"type":["null"]}"#, "true", "false", "{}",
                     #"{"properties":{}}"#, #"{"required":[]}"#, #"{"minimum":-1e400}"#] {
            #expect(try schemaError(text) == nil, "\(text)")
        }
    }
}
