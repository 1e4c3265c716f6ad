import Herald
import Testing
import HeraldDelivery

@Suite("NetworkGuard allowlist")
struct NetworkGuardAllowlistTests {
    private func address(_ text: String) throws -> IPAddress {
        try #require(IPAddress(text), "\(text) should parse")
    }

    @Test("default guard allows public and refuses everything else")
    func defaultGuard() throws {
        let guardian = NetworkGuard()
        #expect(guardian.isAllowed(try address("8.8.8.8")))
        #expect(guardian.isAllowed(try address("2606:4700::1111")))
        #expect(guardian.isAllowed(try address("::ffff:1.1.1.1")))
        for text in ["127.0.0.1", "10.0.0.1", "169.254.169.254", "::1", "fe80::1", "::ffff:127.0.0.1", "64:ff9b::a00:1", "0.0.0.0", "::"] {
            #expect(!guardian.isAllowed(try address(text)), "\(text)")
        }
    }

    @Test("127.0.0.1/32 allows exactly 127.0.0.1")
    func singleLoopbackHost() throws {
        let guardian = NetworkGuard(allowedNetworks: try NetworkGuard.parseAllowedNetworks("127.0.0.1/32"))
        #expect(guardian.isAllowed(try address("127.0.0.1")))
        #expect(guardian.isAllowed(try address("::ffff:127.0.0.1")), "mapped form checked as IPv4")
        #expect(!guardian.isAllowed(try address("127.0.0.2")))
        #expect(!guardian.isAllowed(try address("::1")))
        #expect(!guardian.isAllowed(try address("::ffff:127.0.0.2")))
        #expect(!guardian.isAllowed(try address("10.0.0.1")))
    }

    @Test("::1/128 allows ::1 only")
    func ipv6Loopback() throws {
        let guardian = NetworkGuard(allowedNetworks: try NetworkGuard.parseAllowedNetworks("::1/128"))
        #expect(guardian.isAllowed(try address("::1")))
        #expect(guardian.isAllowed(try address("[::1]")))
        #expect(!guardian.isAllowed(try address("127.0.0.1")))
        #expect(!guardian.isAllowed(try address("::2")))
    }

    @Test("mapped IPv6 allowlist entries match mapped addresses as given")
    func mappedEntry() throws {
        let guardian = NetworkGuard(allowedNetworks: try NetworkGuard.parseAllowedNetworks("::ffff:10.0.0.0/104"))
        #expect(guardian.isAllowed(try address("::ffff:10.1.2.3")))
        #expect(!guardian.isAllowed(try address("::ffff:192.168.1.2")))
    }

    @Test("parseAllowedNetworks accepts lists with whitespace")
    func parseList() throws {
        #expect(try NetworkGuard.parseAllowedNetworks("") == [])
        #expect(try NetworkGuard.parseAllowedNetworks("   ") == [])
        let networks = try NetworkGuard.parseAllowedNetworks(" 127.0.0.0/8 ,\t::1/128,10.1.2.3/16 ")
        #expect(networks.map(\.description) == ["127.0.0.0/8", "::1/128", "10.1.0.0/16"])
    }

    @Test("parseAllowedNetworks names the bad entry", arguments: [
        ("127.0.0.0/8,bogus", "bogus"),
        ("10.0.0.0/33", "10.0.0.0/33"),
        ("::1/128, 127.0.0.1/8x ", "127.0.0.1/8x"),
        ("127.0.0.0/8,,::1", ""),
        ("127.0.0.0/8,", ""),
        ("127.1/32", "127.1/32"),
    ])
    func parseErrors(_ text: String, _ entry: String) {
        let error = #expect(throws: NetworkGuardError.self) {
            try NetworkGuard.parseAllowedNetworks(text)
        }
        #expect(error?.code == .invalidNetwork)
        #expect(error?.host == entry)
        #expect(error?.message.contains("\"\(entry)\"") == true, "\(error?.message ?? "")")
        #expect(error?.message.contains("--allowed-networks") == true)
    }
}
