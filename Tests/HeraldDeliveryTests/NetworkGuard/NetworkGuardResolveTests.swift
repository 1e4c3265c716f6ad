import Herald
import Testing
@testable import HeraldDelivery

@Suite("NetworkGuard resolution")
struct NetworkGuardResolveTests {
    private func address(_ text: String) throws -> IPAddress {
        try #require(IPAddress(text), "\(text) should parse")
    }

    @Test("localhost is refused by default")
    func localhostRefused() async {
        let error = await #expect(throws: NetworkGuardError.self) {
            try await NetworkGuard().resolve(host: "localhost", port: 8080)
        }
        #expect(error?.code == .blockedAddress)
        #expect(error?.address?.classification == .loopback)
        #expect(error?.message.hasPrefix("refused to connect to localhost (") == true)
        #expect(error?.message.contains("loopback") == true)
        #expect(error?.message.contains("--allowed-networks") == true)
    }

    @Test("localhost resolves when loopback is allowed")
    func localhostAllowed() async throws {
        let guardian = NetworkGuard(allowedNetworks: try NetworkGuard.parseAllowedNetworks("127.0.0.0/8,::1/128"))
        let resolved = try await guardian.resolve(host: "localhost", port: 443)
        #expect(resolved.classification == .loopback)
        #expect(resolved.isIPv4, "IPv4 is preferred when the name has both")
        #expect(IPNetwork(cidr: "127.0.0.0/8")?.contains(resolved) == true)
    }

    @Test("literal hosts skip DNS but are still checked")
    func literals() async throws {
        let guardian = NetworkGuard()
        #expect(try await guardian.resolve(host: "8.8.8.8", port: 443) == address("8.8.8.8"))
        #expect(try await guardian.resolve(host: "[2606:4700::1111]", port: 443) == address("2606:4700::1111"))
        #expect(try await guardian.resolve(host: "134744072", port: 443) == address("8.8.8.8"))
        for host in ["127.0.0.1", "127.1", "0x7f000001", "[::1]", "[::ffff:7f00:1]", "169.254.169.254"] {
            let error = await #expect(throws: NetworkGuardError.self, "\(host)") {
                try await guardian.resolve(host: host, port: 80)
            }
            #expect(error?.code == .blockedAddress, "\(host)")
        }
        let allowing = NetworkGuard(allowedNetworks: try NetworkGuard.parseAllowedNetworks("::1/128"))
        #expect(try await allowing.resolve(host: "[::1]", port: 80) == address("::1"))
    }

    @Test("invalid hosts are rejected before DNS")
    func invalidHosts() async {
        for host in ["", "1.2.3.4.5", "[::1", "fe80::1%eth0"] {
            let error = await #expect(throws: NetworkGuardError.self, "\(host)") {
                try await NetworkGuard().resolve(host: host, port: 80)
            }
            #expect(error?.code == (host == "fe80::1%eth0" ? .blockedAddress : .invalidHost), "\(host)")
        }
    }

    @Test("a name with any refused address is refused")
    func mixedAnswers() throws {
        let guardian = NetworkGuard()
        let answers = [try address("93.184.216.34"), try address("10.0.0.5"), try address("2606:4700::1111")]
        let error = #expect(throws: NetworkGuardError.self) {
            try guardian.vet(host: "rebind.example", addresses: answers)
        }
        #expect(error?.code == .blockedAddress)
        #expect(error?.address == IPAddress("10.0.0.5"))
        #expect(error?.message.contains("rebind.example (10.0.0.5, private-use; one of 3 addresses") == true)
    }

    @Test("the first IPv4 address is preferred, else the first IPv6")
    func preference() throws {
        let guardian = NetworkGuard()
        let mixed = [try address("2606:4700::1111"), try address("1.1.1.1"), try address("8.8.8.8")]
        #expect(try guardian.vet(host: "a.example", addresses: mixed) == address("1.1.1.1"))
        let v6 = [try address("2606:4700::1111"), try address("2001:4860:4860::8888")]
        #expect(try guardian.vet(host: "b.example", addresses: v6) == address("2606:4700::1111"))
        let error = #expect(throws: NetworkGuardError.self) {
            try guardian.vet(host: "c.example", addresses: [])
        }
        #expect(error?.code == .dnsFailure)
    }

    @Test("allowlisted private answers are accepted")
    func allowlistedAnswers() throws {
        let guardian = NetworkGuard(allowedNetworks: try NetworkGuard.parseAllowedNetworks("10.0.0.0/8"))
        let answers = [try address("10.0.0.5"), try address("93.184.216.34")]
        #expect(try guardian.vet(host: "internal.example", addresses: answers) == address("10.0.0.5"))
    }
}
