import Foundation
import Herald
import HeraldReceiver
import HTTPTypes
import HummingbirdTesting
import Testing

/// Every check a request goes through, over loopback: what is accepted, what is refused with
/// which status and reason, and that nothing refused reaches a handler.
@Suite("Receiver: verification")
struct VerificationTests {
    let secret = TestKeys.secret()

    /// Posts `webhook` to a receiver verifying with `keys`; returns the status, the body and the
    /// ids its handler saw once the inbox settled.
    func post(_ webhook: SignedWebhook, verifyingWith keys: [VerificationKey]? = nil,
              configure: @Sendable (inout ReceiverConfiguration) -> Void = { _ in }) async throws -> (status: Int, body: String, handled: [String]) {
        var configuration = ReceiverConfiguration(keys: keys ?? [.symmetric(secret)])
        configure(&configuration)
        let handled = HandledEvents()
        var router = WebhookEventRouter()
        router.otherwise { handled.add($0) }
        return try await ReceiverServer.run(configuration, router: router) { _, client throws in
            let response = try await client.post(webhook)
            if response.status.code == 200 { await HandledEvents.eventually { !handled.ids.isEmpty } }
            return (response.status.code, response.text, handled.ids)
        }
    }

    @Test("a valid webhook is answered 200 and its handler runs with the event's data")
    func valid() async throws {
        let webhook = SignedWebhook.event(id: "msg_valid", data: #"{"order":"ord_7"}"#, keys: [.symmetric(secret)])
        let (status, body, handled) = try await post(webhook)
        #expect(status == 200)
        #expect(body == #"{"received":1,"duplicates":0}"#)
        #expect(handled == ["msg_valid"])
    }

    @Test("a tampered body is refused 401 noMatchingSignature and never handled")
    func tampered() async throws {
        var webhook = SignedWebhook.event(keys: [.symmetric(secret)])
        webhook.body = Array(String(decoding: webhook.body, as: UTF8.self).replacingOccurrences(of: "42", with: "43").utf8)
        let (status, body, handled) = try await post(webhook)
        #expect(status == 401)
        #expect(body.contains(#""code":"noMatchingSignature""#))
        #expect(handled.isEmpty)
    }

    @Test("a webhook signed with another secret is refused 401")
    func wrongSecret() async throws {
        let webhook = SignedWebhook.event(keys: [.symmetric(TestKeys.secret())])
        let (status, body, _) = try await post(webhook)
        #expect(status == 401)
        #expect(body.contains("noMatchingSignature"))
    }

    @Test("timestamps beyond the tolerance are refused 401, too old and too new", arguments: [(-310, "timestampTooOld"), (310, "timestampTooNew")])
    func timestamps(offset: Int64, reason: String) async throws {
        // A fixed clock: a loaded machine can take seconds between signing and checking.
        let now: Int64 = 1_796_000_000
        let webhook = SignedWebhook.event(keys: [.symmetric(secret)], timestamp: now + offset)
        let (status, body, handled) = try await post(webhook) { $0.clock = .fixed(now) }
        #expect(status == 401)
        #expect(body.contains(reason), "\(body)")
        #expect(handled.isEmpty)
    }

    @Test("during a rotation either secret verifies, and so does a signature listing both")
    func rotation() async throws {
        let old = TestKeys.secret()
        let keys: [VerificationKey] = [.symmetric(old), .symmetric(secret)]
        #expect(try await post(SignedWebhook.event(keys: [.symmetric(old)]), verifyingWith: keys).status == 200)
        #expect(try await post(SignedWebhook.event(keys: [.symmetric(secret)]), verifyingWith: keys).status == 200)
        #expect(try await post(SignedWebhook.event(keys: [.symmetric(old), .symmetric(secret)]), verifyingWith: keys).status == 200)
        #expect(try await post(SignedWebhook.event(keys: [.symmetric(old)]), verifyingWith: [.symmetric(secret)]).status == 401,
                "once the old secret is dropped it no longer verifies")
    }

    @Test("an Ed25519 (v1a) signature verifies with the sender's public key")
    func ed25519() async throws {
        let signing = Ed25519SigningKey.generate()
        let (status, _, handled) = try await post(SignedWebhook.event(id: "msg_ed", keys: [.ed25519(signing)]),
                                                  verifyingWith: [.ed25519(signing.publicKey)])
        #expect(status == 200)
        #expect(handled == ["msg_ed"])
        let other = Ed25519SigningKey.generate()
        #expect(try await post(SignedWebhook.event(keys: [.ed25519(other)]), verifyingWith: [.ed25519(signing.publicKey)]).status == 401)
    }

    @Test("a request without the Standard Webhooks headers is refused 400 missingHeader", arguments: ["webhook-id", "webhook-timestamp", "webhook-signature"])
    func missingHeader(_ name: String) async throws {
        var webhook = SignedWebhook.event(keys: [.symmetric(secret)])
        webhook.headers[.init(name)!] = nil
        let (status, body, _) = try await post(webhook)
        #expect(status == 400)
        #expect(body.contains("missingHeader"))
    }

    @Test("a verified body that is not an event envelope is refused 400 malformedBody")
    func malformedBody() async throws {
        let (status, body, handled) = try await post(SignedWebhook.signed(id: "msg_x", body: Array(#"{"no":"type"}"#.utf8), keys: [.symmetric(secret)]))
        #expect(status == 400)
        #expect(body.contains("malformedBody"))
        #expect(handled.isEmpty)
    }

    @Test("a body over the limit is refused 413 before it is verified")
    func tooLarge() async throws {
        let webhook = SignedWebhook.event(data: "\"\(String(repeating: "x", count: 5000))\"", keys: [.symmetric(secret)])
        let (status, body, _) = try await post(webhook) { $0.maximumBodyBytes = 4096 }
        #expect(status == 413)
        #expect(body.contains("bodyTooLarge"))
    }

    @Test("only POST delivers: other methods are refused 405 by the check")
    func method() {
        let check = ReceiverConfiguration(keys: [.symmetric(secret)]).requestCheck
        let webhook = SignedWebhook.event(keys: [.symmetric(secret)])
        let result = check.check(IncomingWebhook(method: "PUT", headers: [:], body: webhook.body))
        #expect((try? result.get()) == nil)
        if case .failure(let rejection) = result {
            #expect(rejection.code == .methodNotAllowed)
            #expect(rejection.status == 405)
        }
    }

    @Test("a sender other than Herald: an object with a type and no data verifies, the whole object as data")
    func otherSender() async throws {
        let body = Array(#"{"type":"invoice.paid","id":"in_1"}"#.utf8)
        let (status, _, handled) = try await post(SignedWebhook.signed(id: "evt_other", body: body, keys: [.symmetric(secret)]))
        #expect(status == 200)
        #expect(handled == ["evt_other"])
    }
}
