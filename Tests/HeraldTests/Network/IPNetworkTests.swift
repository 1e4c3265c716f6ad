import Testing
import Herald

@Suite("IPNetwork")
struct IPNetworkTests {
    private func network(_ text: String) throws -> IPNetwork {
        try #require(IPNetwork(cidr: text), "\(text) should parse")
    }

    private func address(_ text: String) throws -> IPAddress {
        try #require(IPAddress(text), "\(text) should parse")
    }

    @Test("CIDR parsing and normalisation", arguments: [
        ("10.0.0.0/8", "10.0.0.0/8"),
        ("10.1.2.3/8", "10.0.0.0/8"),
        ("127.0.0.1", "127.0.0.1/32"),
        ("0.0.0.0/0", "0.0.0.0/0"),
        ("::1", "::1/128"),
        ("::1/128", "::1/128"),
        ("fe80::1234/10", "fe80::/10"),
        ("2001:DB8::/32", "2001:db8::/32"),
        ("::/0", "::/0"),
        ("172.31.1.1/12", "172.16.0.0/12"),
    ])
    func parses(_ text: String, _ canonical: String) throws {
        #expect(try network(text).description == canonical)
    }

    @Test("invalid CIDR is rejected", arguments: [
        "", "/8", "10.0.0.0/", "10.0.0.0/33", "::/129", "10.0.0.0/-1", "10.0.0.0/+8", "10.0.0.0/08",
        "10.0.0.0/8/8", "10.0.0/8", "10.0.0.0 /8", "10.0.0.0/ 8", "localhost/8", "fe80::1%eth0/64",
        "10.0.0.0/1000",
    ])
    func rejects(_ text: String) {
        #expect(IPNetwork(cidr: text) == nil, "\(text)")
    }

    @Test("prefix length bounds")
    func prefixBounds() throws {
        #expect(IPNetwork(address: try address("1.2.3.4"), prefixLength: 33) == nil)
        #expect(IPNetwork(address: try address("1.2.3.4"), prefixLength: -1) == nil)
        #expect(IPNetwork(address: try address("::1"), prefixLength: 128)?.prefixLength == 128)
        #expect(IPNetwork(address: try address("::1"), prefixLength: 129) == nil)
    }

    @Test("IPv4 containment edges")
    func ipv4Edges() throws {
        let ten = try network("10.0.0.0/8")
        #expect(ten.contains(try address("10.0.0.0")))
        #expect(ten.contains(try address("10.255.255.255")))
        #expect(!ten.contains(try address("11.0.0.0")))
        #expect(!ten.contains(try address("9.255.255.255")))
        let host = try network("192.168.1.7")
        #expect(host.contains(try address("192.168.1.7")))
        #expect(!host.contains(try address("192.168.1.8")))
        let all = try network("0.0.0.0/0")
        #expect(all.contains(try address("255.255.255.255")))
        #expect(!all.contains(try address("::1")))
        let cgnat = try network("100.64.0.0/10")
        #expect(cgnat.contains(try address("100.127.255.255")))
        #expect(!cgnat.contains(try address("100.128.0.0")))
    }

    @Test("IPv6 containment edges")
    func ipv6Edges() throws {
        let ula = try network("fc00::/7")
        #expect(ula.contains(try address("fc00::")))
        #expect(ula.contains(try address("fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")))
        #expect(!ula.contains(try address("fe00::")))
        #expect(!ula.contains(try address("fbff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")))
        let all = try network("::/0")
        #expect(all.contains(try address("2606:4700::1111")))
        #expect(!all.contains(try address("1.1.1.1")), "IPv6 networks never contain IPv4 addresses")
    }

    @Test("IPv4 networks contain IPv4-mapped IPv6 addresses, nothing else IPv6")
    func mixedFamilies() throws {
        let loopback = try network("127.0.0.0/8")
        #expect(loopback.contains(try address("::ffff:127.0.0.1")))
        #expect(!loopback.contains(try address("::ffff:128.0.0.1")))
        #expect(!loopback.contains(try address("::127.0.0.1")), "compatible form is not mapped")
        #expect(!loopback.contains(try address("64:ff9b::127.0.0.1")))
        #expect(!loopback.contains(try address("::1")))
        let mappedNetwork = try network("::ffff:127.0.0.0/104")
        #expect(mappedNetwork.contains(try address("::ffff:127.0.0.1")))
        #expect(!mappedNetwork.contains(try address("127.0.0.1")))
    }
}
