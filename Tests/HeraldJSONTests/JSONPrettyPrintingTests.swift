import HeraldJSON
import Testing

@Suite("JSON pretty printing")
struct JSONPrettyPrintingTests {
    @Test("members keep their order and numbers their text; two spaces per level; empty containers stay on one line")
    func indented() throws {
        let value = try JSONParser.parse(Array(#"{"z":1.50,"a":[true,null,{"k":"v\n"}],"e":{},"l":[]}"#.utf8))
        #expect(value.prettyPrinted() == """
            {
              "z": 1.50,
              "a": [
                true,
                null,
                {
                  "k": "v\\n"
                }
              ],
              "e": {},
              "l": []
            }
            """)
    }

    @Test("a scalar prints as itself")
    func scalar() throws {
        #expect(try JSONParser.parse(Array(#""x""#.utf8)).prettyPrinted() == #""x""#)
    }

    @Test("pretty text parses back to the same value")
    func roundTrip() throws {
        let text = #"{"id":"ord_1","lines":[{"sku":"a","qty":2},{"sku":"b","qty":1e3}],"paid":false}"#
        let value = try JSONParser.parse(Array(text.utf8))
        #expect(try JSONParser.parse(Array(value.prettyPrinted().utf8)).serialized() == value.serialized())
    }
}

@Suite("JSON Schema examples")
struct JSONSchemaExampleTests {
    func example(_ schema: String) throws -> String? {
        try JSONSchema(JSONParser.parse(Array(schema.utf8))).example()?.serialized()
    }

    @Test("an object gets every property, each from its type, format, bounds or enum; the result validates")
    func object() throws {
        let schema = #"{"type":"object","required":["id","total"],"properties":{"id":{"type":"string","minLength":10},"total":{"type":"integer","minimum":1},"paidAt":{"type":"string","format":"date-time"},"state":{"enum":["open","paid"]},"lines":{"type":"array","items":{"type":"object","properties":{"sku":{"type":"string"}}}},"gift":{"type":["boolean","null"]}},"additionalProperties":false}"#
        #expect(try example(schema) == #"{"id":"examplexxx","total":1,"paidAt":"2026-12-01T08:00:00.000Z","state":"open","lines":[{"sku":"example"}],"gift":true}"#)
    }

    @Test("the schema's own examples, default or const win")
    func given() throws {
        #expect(try example(#"{"type":"object","examples":[{"id":"ord_1"}]}"#) == #"{"id":"ord_1"}"#)
        #expect(try example(#"{"type":"integer","default":7}"#) == "7")
        #expect(try example(#"{"const":"fixed"}"#) == #""fixed""#)
    }

    @Test("nil when the built value does not validate")
    func unsatisfiable() throws {
        let built = try example(#"{"type":"string","pattern":"^[0-9]+$"}"#)
        #expect(built == nil, "built \(built ?? "nothing")")
    }
}
