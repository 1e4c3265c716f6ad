import Herald
import HeraldReceiver
import HTTPTypes
import HummingbirdTesting
import Testing

/// Which sources may deliver: the peer's address, `X-Forwarded-For` only from trusted proxies.
@Suite("Receiver: source allowlist")
struct SourceAllowlistTests {
    let secret = TestKeys.secret()

    @Test("the peer's address decides when it is not a trusted proxy; its X-Forwarded-For is ignored")
    func peerDecides() throws {
        let allowlist = try SourceAllowlist(parsing: "203.0.113.0/24, 2001:db8::/32")
        #expect(allowlist.allows(peer: IPAddress("203.0.113.9"), forwardedFor: nil))
        #expect(allowlist.allows(peer: IPAddress("2001:db8::1"), forwardedFor: nil))
        #expect(!allowlist.allows(peer: IPAddress("198.51.100.1"), forwardedFor: nil))
        #expect(!allowlist.allows(peer: IPAddress("198.51.100.1"), forwardedFor: "203.0.113.9"), "anyone can write the header")
        #expect(!allowlist.allows(peer: nil, forwardedFor: nil), "an unknown peer is not allowed")
        #expect(allowlist.allows(peer: IPAddress("::ffff:203.0.113.9"), forwardedFor: nil), "IPv4-mapped IPv6 matches its IPv4 network")
    }

    @Test("behind trusted proxies the nearest untrusted X-Forwarded-For entry is the client")
    func trustedProxies() throws {
        let allowlist = try SourceAllowlist(parsing: "203.0.113.0/24", trustedProxies: "10.0.0.0/8")
        #expect(allowlist.allows(peer: IPAddress("10.0.0.2"), forwardedFor: "203.0.113.9"))
        #expect(allowlist.allows(peer: IPAddress("10.0.0.2"), forwardedFor: "198.51.100.7, 203.0.113.9, 10.0.0.3"),
                "entries left of the first untrusted one are the client's own claims and are not read")
        #expect(!allowlist.allows(peer: IPAddress("10.0.0.2"), forwardedFor: "203.0.113.9, 198.51.100.7"))
        #expect(!allowlist.allows(peer: IPAddress("10.0.0.2"), forwardedFor: "not-an-address"))
        #expect(allowlist.clientAddress(peer: IPAddress("10.0.0.2")!, forwardedFor: nil) == IPAddress("10.0.0.2"))
    }

    @Test("a list entry that is not a network is refused with its text")
    func badEntry() {
        #expect(throws: SourceAllowlistError(entry: "10.0.0.0/33")) { try SourceAllowlist(parsing: "10.0.0.0/8, 10.0.0.0/33") }
    }

    @Test("over loopback: refused 403 sourceNotAllowed outside the list, accepted inside it, and through a trusted proxy")
    func overLoopback() async throws {
        let webhook = SignedWebhook.event(keys: [.symmetric(secret)])
        var refused = ReceiverConfiguration(keys: [.symmetric(secret)])
        refused.allowlist = try SourceAllowlist(parsing: "203.0.113.0/24")
        try await ReceiverServer.run(refused, router: WebhookEventRouter()) { _, client throws in
            let answer = try await client.post(webhook)
            #expect(answer.status.code == 403)
            #expect(answer.text.contains("sourceNotAllowed"))
        }
        var allowed = refused
        allowed.allowlist = try SourceAllowlist(parsing: "127.0.0.0/8")
        try await ReceiverServer.run(allowed, router: WebhookEventRouter()) { _, client throws in
            #expect(try await client.post(webhook).status.code == 200)
        }
        var proxied = refused
        proxied.allowlist = try SourceAllowlist(parsing: "203.0.113.0/24", trustedProxies: "127.0.0.1/32")
        try await ReceiverServer.run(proxied, router: WebhookEventRouter()) { _, client throws in
            var forwarded = webhook
            forwarded.headers[.init("X-Forwarded-For")!] = "203.0.113.50"
            #expect(try await client.post(forwarded).status.code == 200)
            let spoofed = SignedWebhook.event(keys: [.symmetric(secret)])
            #expect(try await client.post(spoofed).status.code == 403, "the proxy itself is not in the list")
        }
    }
}
