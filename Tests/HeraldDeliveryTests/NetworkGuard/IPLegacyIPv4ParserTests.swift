import Herald
import Testing
@testable import HeraldDelivery
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@Suite("inet_aton-style IPv4 forms")
struct IPLegacyIPv4ParserTests {
    @Test("values of legacy forms", arguments: [
        ("127.1", UInt32(0x7F00_0001)),
        ("127.0.1", 0x7F00_0001),
        ("0x7f.0.0.1", 0x7F00_0001),
        ("0x7f000001", 0x7F00_0001),
        ("2130706433", 0x7F00_0001),
        ("0177.0.0.1", 0x7F00_0001),
        ("017700000001", 0x7F00_0001),
        ("1.2.3.4", 0x0102_0304),
        ("1.2.772", 0x0102_0304),
        ("1.131844", 0x0102_0304),
        ("4294967295", 0xFFFF_FFFF),
        ("0", 0),
        ("00", 0),
        ("0x", 0),
        ("0x.0.0.1", 1),
    ])
    func values(_ text: String, _ expected: UInt32) {
        #expect(IPLegacyIPv4Parser.parse(text) == expected, "\(text)")
    }

    @Test("invalid legacy forms", arguments: [
        "", ".", "1.2.3.4.5", "08", "0x1ffffffff", "4294967296", "256.1", "1.2.65536", "1.16777216",
        "1.2.3.256", "a", "0xg", "1..2", "-1", "1.2.3.4 ", "1 .2", "099", "0x100.0.0.1",
    ])
    func invalid(_ text: String) {
        #expect(IPLegacyIPv4Parser.parse(text) == nil, "\(text)")
    }

    #if canImport(Glibc) || canImport(Darwin)
    /// Every string the system's inet_aton accepts must be parsed to the same address, and must be
    /// treated as an address literal by the host check, so no such form can pass as a name.
    @Test("agrees with the system inet_aton on every accepted form")
    func matchesInetAton() {
        let parts = ["0", "1", "7", "00", "010", "08", "127", "0177", "0x7f", "0X7F", "0x", "255", "256",
                     "0xff", "0x100", "65535", "65536", "16777215", "16777216", "4294967295", "4294967296",
                     "0xffffffff", "0x100000000", "1e", "0x1g", ""]
        var candidates: [String] = []
        for a in parts {
            candidates.append(a)
            for b in parts {
                candidates.append("\(a).\(b)")
                for c in parts {
                    candidates.append("\(a).\(b).\(c)")
                    for d in ["0", "1", "0x1", "01", "255", "256", "08", ""] {
                        candidates.append("\(a).\(b).\(c).\(d)")
                    }
                }
            }
        }
        var accepted = 0
        var mismatches: [String] = []
        for text in candidates {
            var system = in_addr()
            guard inet_aton(text, &system) != 0 else { continue }
            accepted += 1
            let expected = UInt32(bigEndian: system.s_addr)
            if IPLegacyIPv4Parser.parse(text) != expected
                || NetworkHostLiteral(text) != .address(.v4(expected)) {
                mismatches.append(text)
            }
        }
        #expect(accepted > 1000, "the generator should produce many valid forms")
        #expect(mismatches.isEmpty, "\(mismatches.prefix(20))")
    }
    #endif
}
