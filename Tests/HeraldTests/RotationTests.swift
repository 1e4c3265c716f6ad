import Herald
import Testing

@Suite("Secret rotation")
struct RotationTests {
    @Test("two keys sign two entries; a receiver with either key accepts; one with neither does not")
    func twoKeys() throws {
        let old = try WebhookSecret.generate()
        let new = try WebhookSecret.generate()
        let body = Array("{}".utf8)
        let header = WebhookSigner(keys: [.symmetric(new), .symmetric(old)]).signature(id: "msg_1", timestamp: 100, body: body)
        let entries = header.split(separator: " ")
        #expect(entries.count == 2)
        #expect(entries.allSatisfy { $0.hasPrefix("v1,") })
        for key in [old, new] {
            try WebhookVerifier(keys: [.symmetric(key)], clock: .fixed(100)).verify(body: body, id: "msg_1", timestamp: "100", signature: header)
        }
        #expect(throws: WebhookVerificationError.self) {
            try WebhookVerifier(keys: [.symmetric(try WebhookSecret.generate())], clock: .fixed(100)).verify(body: body, id: "msg_1", timestamp: "100", signature: header)
        }
    }

    @Test("a receiver holding old and new keys accepts a header signed by the new one only")
    func receiverWithBothKeys() throws {
        let old = try WebhookSecret.generate()
        let new = try WebhookSecret.generate()
        let body = Array("{}".utf8)
        let header = WebhookSigner(key: .symmetric(new)).signature(id: "msg_1", timestamp: 100, body: body)
        try WebhookVerifier(keys: [.symmetric(old), .symmetric(new)], clock: .fixed(100)).verify(body: body, id: "msg_1", timestamp: "100", signature: header)
    }

    @Test("mixed symmetric and Ed25519 keys each produce their entry and each verifies")
    func mixedKinds() throws {
        let secret = try WebhookSecret.generate()
        let ed = Ed25519SigningKey.generate()
        let body = Array(#"{"a":1}"#.utf8)
        let header = WebhookSigner(keys: [.symmetric(secret), .ed25519(ed)]).signature(id: "msg_2", timestamp: 5, body: body)
        #expect(header.hasPrefix("v1,"))
        #expect(header.contains(" v1a,"))
        try WebhookVerifier(keys: [.symmetric(secret)], clock: .fixed(5)).verify(body: body, id: "msg_2", timestamp: "5", signature: header)
        try WebhookVerifier(keys: [.ed25519(ed.publicKey)], clock: .fixed(5)).verify(body: body, id: "msg_2", timestamp: "5", signature: header)
    }
}
