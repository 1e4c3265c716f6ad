import Herald
import Testing
import HeraldDelivery

@Suite("NetworkGuard literal host checks")
struct NetworkGuardLiteralHostTests {
    @Test("refused literal hosts, including inet_aton tricks", arguments: [
        ("127.0.0.1", "127.0.0.1"),
        ("127.1", "127.0.0.1"),
        ("127.0.1", "127.0.0.1"),
        ("0x7f000001", "127.0.0.1"),
        ("0X7F000001", "127.0.0.1"),
        ("0x7f.0.0.1", "127.0.0.1"),
        ("0x7f.1", "127.0.0.1"),
        ("2130706433", "127.0.0.1"),
        ("0177.0.0.1", "127.0.0.1"),
        ("0177.1", "127.0.0.1"),
        ("017700000001", "127.0.0.1"),
        ("127.0.0.1.", "127.0.0.1"),
        ("0", "0.0.0.0"),
        ("0x", "0.0.0.0"),
        ("10.1", "10.0.0.1"),
        ("167772161", "10.0.0.1"),
        ("169.254.43518", "169.254.169.254"),
        ("0xa9fea9fe", "169.254.169.254"),
        ("3232235777", "192.168.1.1"),
        ("[::1]", "::1"),
        ("::1", "::1"),
        ("[::ffff:7f00:1]", "::ffff:127.0.0.1"),
        ("[::ffff:127.0.0.1]", "::ffff:127.0.0.1"),
        ("[0:0:0:0:0:0:0:1]", "::1"),
        ("[fe80::1]", "fe80::1"),
        ("[fe80::1%25eth0]", "fe80::1"),
        ("fe80::1%eth0", "fe80::1"),
        ("[64:ff9b::a9fe:a9fe]", "64:ff9b::a9fe:a9fe"),
        ("[2002:7f00:1::]", "2002:7f00:1::"),
        ("[::]", "::"),
    ])
    func refused(_ host: String, _ address: String) throws {
        let error = try #require(NetworkGuard().checkLiteralHost(host), "\(host) must be refused")
        #expect(error.code == .blockedAddress)
        #expect(error.address == IPAddress(address))
        #expect(error.message.contains(host))
        #expect(error.message.contains("--allowed-networks"))
    }

    @Test("names and public literals pass", arguments: [
        "example.com", "localhost", "webhooks.example.org", "beef.cafe", "0x7f.example", "1e100.net",
        "8.8.8.8", "134744072", "[2606:4700::1111]", "2606:4700::1111", "[::ffff:8.8.8.8]",
    ])
    func passes(_ host: String) {
        #expect(NetworkGuard().checkLiteralHost(host) == nil, "\(host)")
    }

    @Test("hosts that are neither names nor addresses are invalid", arguments: [
        "", "1.2.3.4.5", "256.256.256.256", "4294967296", "08.0.0.1", "0x1ffffffff", "example.123",
        "[::1", "[example.com]", "1:2:3", "[::1%]",
    ])
    func invalid(_ host: String) throws {
        let error = try #require(NetworkGuard().checkLiteralHost(host), "\(host) must be rejected")
        #expect(error.code == .invalidHost, "\(host): \(error.message)")
    }

    @Test("allowed literals pass")
    func allowedLiterals() throws {
        let guardian = NetworkGuard(allowedNetworks: try NetworkGuard.parseAllowedNetworks("127.0.0.0/8,::1/128"))
        for host in ["127.0.0.1", "127.1", "0x7f000001", "2130706433", "[::1]", "[::ffff:7f00:1]"] {
            #expect(guardian.checkLiteralHost(host) == nil, "\(host)")
        }
        #expect(guardian.checkLiteralHost("10.0.0.1")?.code == .blockedAddress)
        #expect(guardian.checkLiteralHost("[fe80::1]")?.code == .blockedAddress)
    }

    @Test("an allowed address with a zone identifier is still invalid")
    func allowedZone() throws {
        let guardian = NetworkGuard(allowedNetworks: try NetworkGuard.parseAllowedNetworks("fe80::/10"))
        #expect(guardian.checkLiteralHost("fe80::1%eth0")?.code == .invalidHost)
    }

    @Test("message names host, address, class and the fix")
    func message() throws {
        let literal = try #require(NetworkGuard().checkLiteralHost("127.1"))
        #expect(literal.message == "refused to connect to 127.1 (127.0.0.1, loopback): add 127.0.0.1/32 or a network containing it to --allowed-networks to allow it")
        let plain = try #require(NetworkGuard().checkLiteralHost("10.0.0.1"))
        #expect(plain.message == "refused to connect to 10.0.0.1 (private-use): add 10.0.0.1/32 or a network containing it to --allowed-networks to allow it")
        let mapped = try #require(NetworkGuard().checkLiteralHost("[::ffff:a9fe:a9fe]"))
        #expect(mapped.message.contains("[::ffff:a9fe:a9fe] (::ffff:169.254.169.254, link-local)"))
        #expect(mapped.message.contains("add 169.254.169.254/32 "))
        let v6 = try #require(NetworkGuard().checkLiteralHost("[fd00::1]"))
        #expect(v6.message.contains("add fd00::1/128 "))
        #expect(v6.message.contains("unique-local"))
    }
}
