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
