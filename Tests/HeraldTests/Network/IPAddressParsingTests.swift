import Testing
@testable import Herald

@Suite("IPAddress parsing")
struct IPAddressParsingTests {
    @Test("valid IPv4 round-trips", arguments: ["0.0.0.0", "1.2.3.4", "10.0.0.1", "127.0.0.1", "255.255.255.255", "192.168.100.200"])
    func ipv4RoundTrip(_ text: String) throws {
        let address = try #require(IPAddress(text))
        #expect(address.isIPv4)
        #expect(address.description == text)
        #expect(address.urlHost == text)
    }

    @Test("IPv4 values")
    func ipv4Values() {
        #expect(IPAddress("127.0.0.1") == .v4(0x7F00_0001))
        #expect(IPAddress("255.255.255.255") == .v4(UInt32.max))
        #expect(IPAddress("1.2.3.4")?.bytes == [1, 2, 3, 4])
    }

    @Test("invalid IPv4 is rejected", arguments: [
        "", "256.1.1.1", "1.2.3", "1.2.3.4.5", "01.2.3.4", "1.2.3.04", "00.0.0.0",
        "127.1", "0x7f.0.0.1", "2130706433", "0177.0.0.1", "1.2.3.4.", ".1.2.3.4", "1..2.3",
        "1.2.3.-4", "+1.2.3.4", " 1.2.3.4", "1.2.3.4 ", "1.2.3.a", "1000.2.3.4", "١.٢.٣.٤",
        "[1.2.3.4]",
    ])
    func invalidIPv4(_ text: String) {
        #expect(IPAddress(text) == nil, "\(text)")
    }

    static let ipv6Table: [(String, UInt128)] = [
        ("::", 0),
        ("::1", 1),
        ("[::1]", 1),
        ("1::", 1 << 112),
        ("1:2:3:4:5:6:7:8", 0x0001_0002_0003_0004_0005_0006_0007_0008),
        ("1:2:3:4:5:6:7::", 0x0001_0002_0003_0004_0005_0006_0007_0000),
        ("::2:3:4:5:6:7:8", 0x0000_0002_0003_0004_0005_0006_0007_0008),
        ("2001:DB8::A", 0x2001_0DB8_0000_0000_0000_0000_0000_000A),
        ("2001:0db8:0000:0000:0000:0000:0000:000a", 0x2001_0DB8_0000_0000_0000_0000_0000_000A),
        ("::ffff:1.2.3.4", 0xFFFF_0102_0304),
        ("1:2:3:4:5:6:1.2.3.4", 0x0001_0002_0003_0004_0005_0006_0102_0304),
        ("[64:ff9b::10.0.0.1]", 0x0064_FF9B_0000_0000_0000_0000_0A00_0001),
    ]

    @Test("valid IPv6 parses to the expected value", arguments: ipv6Table)
    func ipv6Values(_ text: String, _ value: UInt128) {
        #expect(IPAddress(text) == .v6(value), "\(text)")
    }

    @Test("invalid IPv6 is rejected", arguments: [
        ":", ":::", "::1::", "1::2::3", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8::",
        "::1:2:3:4:5:6:7:8", ":1::2", "1::2:", "12345::", "g::1", "fe80::1%eth0", "fe80::1%25eth0",
        "[fe80::1%eth0]", "[::1", "::1]", "[]", "[[::1]]", "1.2.3.4::", "::1.2.3.4:5", "::256.1.1.1",
        "::1.2.3", "::01.2.3.4", "1:2:3:4:5:6:7:1.2.3.4", " ::1", "::1 ", "::-1", "0x1::",
    ])
    func invalidIPv6(_ text: String) {
        #expect(IPAddress(text) == nil, "\(text)")
    }

    @Test("bytes round-trip")
    func bytesRoundTrip() throws {
        for text in ["8.8.8.8", "2001:db8::1:0:0:1", "::ffff:1.2.3.4", "fe80::abcd"] {
            let address = try #require(IPAddress(text))
            #expect(IPAddress(bytes: address.bytes) == address)
        }
        #expect(IPAddress(bytes: [1, 2, 3]) == nil)
        #expect(IPAddress(bytes: [UInt8](repeating: 0, count: 16)) == IPAddress("::"))
    }

    @Test("IPv4-mapped extraction")
    func mapped() {
        #expect(IPAddress("::ffff:127.0.0.1")?.ipv4Mapped == IPAddress("127.0.0.1"))
        #expect(IPAddress("::127.0.0.1")?.ipv4Mapped == nil)
        #expect(IPAddress("127.0.0.1")?.ipv4Mapped == nil)
        #expect(IPAddress("64:ff9b::7f00:1")?.ipv4Mapped == nil)
    }
}
