import Testing
import Herald

@Suite("IPAddress canonical text (RFC 5952)")
struct IPAddressDescriptionTests {
    @Test("canonical form", arguments: [
        ("2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"),
        ("0:0:0:0:0:0:0:1", "::1"),
        ("0:0:0:0:0:0:0:0", "::"),
        ("::ffff:1.2.3.4", "::ffff:1.2.3.4"),
        ("::FFFF:0102:0304", "::ffff:1.2.3.4"),
        ("2001:0DB8:0000:0000:0000:0000:0000:0001", "2001:db8::1"),
        ("2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"),
        ("2001:db8::0:1", "2001:db8::1"),
        ("2001:0:0:1:0:0:0:1", "2001:0:0:1::1"),
        ("2001:db8:0:0:1:0:0:0", "2001:db8:0:0:1::"),
        ("1:0:0:0:0:0:0:0", "1::"),
        ("fe80::1:2", "fe80::1:2"),
        ("::127.0.0.1", "::7f00:1"),
        ("64:ff9b::10.0.0.1", "64:ff9b::a00:1"),
        ("[::1]", "::1"),
    ])
    func canonical(_ input: String, _ expected: String) throws {
        let address = try #require(IPAddress(input))
        #expect(address.description == expected)
        #expect(IPAddress(expected) == address, "canonical text parses back")
    }

    @Test("URL host brackets IPv6 only")
    func urlHost() {
        #expect(IPAddress("::1")?.urlHost == "[::1]")
        #expect(IPAddress("2001:db8:0:0:1:0:0:1")?.urlHost == "[2001:db8::1:0:0:1]")
        #expect(IPAddress("10.0.0.1")?.urlHost == "10.0.0.1")
    }
}
