import Testing
import HeraldJSON

@Suite("JSONNumber")
struct JSONNumberTests {
    private func number(_ text: String) throws -> JSONNumber {
        try #require(JSONNumber(text: text), "\(text)")
    }

    @Test("equality is mathematical")
    func mathematicalEquality() throws {
        let one = try number("1")
        for text in ["1.0", "1e0", "10e-1", "0.1e1", "1.000000000000000000000000", "100E-2"] {
            #expect(try number(text) == one, "\(text)")
        }
        #expect(try number("-0") == number("0"))
        #expect(try number("-0.0e5") == number("0"))
        #expect(try number("1") != number("-1"))
        #expect(try number("9007199254740993") != number("9007199254740992"))
        #expect(try number("0.30000000000000000001") != number("0.3"))
        #expect(try number("1e400") == number("10e399"))
        #expect(try number("1e400") != number("1e401"))
        #expect(JSONNumber(Int64(5)) == JSONNumber(5.0))
    }

    @Test("ordering is exact")
    func ordering() throws {
        #expect(try number("1.5") < number("2"))
        #expect(try number("-2") < number("-1.5"))
        #expect(try number("9007199254740992") < number("9007199254740993"))
        #expect(try number("-9007199254740993") < number("-9007199254740992"))
        #expect(try number("1e399") < number("1e400"))
        #expect(try number("-1e400") < number("1e-400"))
        #expect(try number("0.1") < number("0.10000000000000000001"))
        #expect(try !(number("2") < number("2.0")))
    }

    @Test("isInteger ignores the notation")
    func isInteger() throws {
        for text in ["0", "-0", "3", "3.0", "3e2", "1.5e1", "1e400", "-12.000", "100e-2"] {
            #expect(try number(text).isInteger, "\(text)")
        }
        for text in ["0.5", "-3.25", "1e-1", "15e-1", "1.0000000000000000000001"] {
            #expect(try !number(text).isInteger, "\(text)")
        }
    }

    @Test("init(text:) accepts exactly one RFC 8259 number")
    func textInitializer() throws {
        #expect(try number("-12.5e+3").text == "-12.5e+3")
        for text in ["", " 1", "1 ", "01", "1.", ".5", "+1", "0x1", "NaN", "1e", "--1", "1,"] {
            #expect(JSONNumber(text: text) == nil, "\(text)")
        }
    }

    @Test("Double and integer initializers")
    func initializers() throws {
        #expect(JSONNumber(1.0)?.text == "1.0")
        #expect(JSONNumber(0.1)?.text == "0.1")
        #expect(JSONNumber(1e-7)?.text == "1e-07")
        #expect(JSONNumber(1.0)?.int64Value == nil)
        #expect(JSONNumber(Double.nan) == nil)
        #expect(JSONNumber(-Double.infinity) == nil)
        #expect(JSONNumber(Int64.min).text == "-9223372036854775808")
        #expect(JSONNumber(42).int64Value == 42)
        let literal: JSONValue = 2.5
        #expect(literal.numberValue?.text == "2.5")
    }
}
