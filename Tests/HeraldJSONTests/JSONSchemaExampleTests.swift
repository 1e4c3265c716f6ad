import HeraldJSON
import Testing

/// `JSONSchema.example()`: what an endpoint test sends when an event type has no example of its
/// own; every example it builds must pass the same validator the API holds payloads to.
@Suite("JSON Schema examples")
struct JSONSchemaExampleTests {
    func schema(_ text: String) throws -> JSONSchema {
        try JSONSchema(JSONParser.parse(Array(text.utf8)))
    }

    func example(_ text: String) throws -> String? {
        try schema(text).example()?.serialized()
    }

    @Test("an object gets every property, each from its type, format, bounds or enum; the result validates")
    func object() throws {
        let schema = #"{"type":"object","required":["id","total"],"properties":{"id":{"type":"string","minLength":10},"total":{"type":"integer","minimum":1},"paidAt":{"type":"string","format":"date-time"},"state":{"enum":["open","paid"]},"lines":{"type":"array","items":{"type":"object","properties":{"sku":{"type":"string"}}}},"gift":{"type":["boolean","null"]}},"additionalProperties":false}"#
        #expect(try example(schema) == #"{"id":"examplexxx","total":1,"paidAt":"2026-12-01T08:00:00.000Z","state":"open","lines":[{"sku":"example"}],"gift":true}"#)
    }

    @Test("the schema's own examples, default or const win when they validate")
    func given() throws {
        #expect(try example(#"{"type":"object","examples":[{"id":"ord_1"}]}"#) == #"{"id":"ord_1"}"#)
        #expect(try example(#"{"type":"integer","default":7}"#) == "7")
        #expect(try example(#"{"const":"fixed"}"#) == #""fixed""#)
        #expect(try example(#"{"type":"integer","minimum":5,"examples":[1],"default":2}"#) == "5", "examples and defaults that do not validate are passed over")
    }

    /// Schemas an event type might have, each built from keywords the validator checks; the
    /// example of each must validate against it.
    static let schemas = [
        // An order: nested objects, arrays of them, formats, enums, a const, required fields.
        #"{"type":"object","required":["id","customer","lines","currency","createdAt"],"additionalProperties":false,"properties":{"id":{"type":"string","pattern":"^[a-z]+_[0-9]+$"},"customer":{"type":"object","required":["email"],"properties":{"email":{"type":"string","format":"email"},"site":{"type":"string","format":"uri"}}},"lines":{"type":"array","minItems":2,"maxItems":3,"items":{"type":"object","required":["sku","quantity"],"properties":{"sku":{"type":"string","minLength":3,"maxLength":5},"quantity":{"type":"integer","exclusiveMinimum":0}}}},"currency":{"type":"string","pattern":"^[A-Z]{3}$"},"createdAt":{"type":"string","format":"date-time"},"channel":{"const":"web"},"status":{"enum":["open","paid"]}}}"#,
        // Numbers at and between bounds, inclusive and exclusive, integers and not.
        #"{"type":"object","required":["a","b","c","d","e","f"],"properties":{"a":{"type":"integer","exclusiveMinimum":0,"exclusiveMaximum":10},"b":{"type":"number","exclusiveMinimum":0.5,"exclusiveMaximum":1},"c":{"type":"integer","maximum":-3},"d":{"type":"integer","minimum":2.5},"e":{"type":"number","minimum":100.25},"f":{"type":"number","exclusiveMaximum":-7.5}}}"#,
        // Required members that are not listed: they take `additionalProperties`' shape.
        #"{"type":"object","required":["count","label"],"properties":{"label":{"type":"string","maxLength":3}},"additionalProperties":{"type":"integer","minimum":4}}"#,
        // Strings cut to their length limits, and patterns only a few shapes match.
        #"{"type":"object","required":["short","when","digits","empty"],"properties":{"short":{"type":"string","maxLength":4,"format":"date-time"},"when":{"type":"string","format":"date"},"digits":{"type":"string","pattern":"^[0-9]+$"},"empty":{"type":"string","maxLength":0}}}"#,
        // No `type`: what the keywords imply; type lists; arrays with no room; nullable items.
        #"{"required":["tags","maybe","none","score"],"properties":{"tags":{"items":{"enum":["x","y"]},"minItems":1},"maybe":{"type":["null","string"],"minLength":2},"none":{"type":"array","maxItems":0},"score":{"minimum":3}}}"#,
        // A top-level array of events.
        #"{"type":"array","minItems":1,"items":{"type":"object","required":["id","at"],"properties":{"id":{"type":"string","format":"uuid"},"at":{"type":"integer","minimum":1700000000}}}}"#,
    ]

    @Test("the example of each schema passes the project's own validator", arguments: schemas)
    func validates(_ text: String) throws {
        let schema = try schema(text)
        let example = try #require(schema.example(), "no example for \(text)")
        #expect(schema.validate(example) == nil, "\(example.serialized()) fails: \(String(describing: schema.validate(example)))")
    }

    @Test("bounds and lengths pick the value nearest to 0 or the placeholder that fits")
    func boundsAndLengths() throws {
        #expect(try example(#"{"type":"integer","exclusiveMinimum":0}"#) == "1")
        #expect(try example(#"{"type":"integer","maximum":-3}"#) == "-3")
        #expect(try example(#"{"type":"integer","minimum":2.5}"#) == "3")
        #expect(try example(#"{"type":"number","exclusiveMinimum":0.5,"exclusiveMaximum":1}"#) == "0.75")
        #expect(try example(#"{"type":"string","maxLength":3}"#) == #""exa""#)
        #expect(try example(#"{"type":"string","pattern":"^[A-Z]{3}$"}"#) == #""ABC""#)
        #expect(try example(#"{"type":"array","items":{"type":"integer"},"minItems":3}"#) == "[0,0,0]")
    }

    @Test("nil when the built value does not validate")
    func unsatisfiable() throws {
        let built = try example(#"{"type":"string","pattern":"^q{5}z$"}"#)
        #expect(built == nil, "built \(built ?? "nothing")")
        #expect(try example(#"{"type":"integer","minimum":1,"maximum":0}"#) == nil)
        #expect(try example("false") == nil)
    }
}
