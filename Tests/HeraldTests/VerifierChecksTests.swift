import Herald
import Testing

/// Each check of the verifier, at its edges.
@Suite("Verifier checks")
struct VerifierChecksTests {
    let secret = try! WebhookSecret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
    let id = "msg_p5jXN8AQM9LWM0D4loKWxJek"
    let body = Array(#"{"test": 2432232314}"#.utf8)
    let signedAt: Int64 = 1_614_265_330

    func verifier(now: Int64) -> WebhookVerifier {
        WebhookVerifier(keys: [.symmetric(secret)], clock: .fixed(now))
    }

    func signature(at timestamp: Int64) -> String {
        WebhookSigner(key: .symmetric(secret)).signature(id: id, timestamp: timestamp, body: body)
    }

    func code(_ operation: () throws -> Void) -> WebhookVerificationError.Code? {
        do { try operation(); return nil } catch { return (error as? WebhookVerificationError)?.code }
    }

    @Test("300 s either way is accepted, 301 s is not", arguments: [Int64(300), -300])
    func toleranceAccepted(_ offset: Int64) throws {
        try verifier(now: signedAt + offset).verify(body: body, id: id, timestamp: String(signedAt), signature: signature(at: signedAt))
    }

    @Test("301 s in the past is too old")
    func tooOld() {
        #expect(code { try verifier(now: signedAt + 301).verify(body: body, id: id, timestamp: String(signedAt), signature: signature(at: signedAt)) } == .timestampTooOld)
    }

    @Test("301 s in the future is too new")
    func tooNew() {
        #expect(code { try verifier(now: signedAt - 301).verify(body: body, id: id, timestamp: String(signedAt), signature: signature(at: signedAt)) } == .timestampTooNew)
    }

    @Test("a custom tolerance is honoured")
    func customTolerance() {
        let strict = WebhookVerifier(keys: [.symmetric(secret)], toleranceSeconds: 10, clock: .fixed(signedAt + 11))
        #expect(code { try strict.verify(body: body, id: id, timestamp: String(signedAt), signature: signature(at: signedAt)) } == .timestampTooOld)
    }

    @Test("header names are matched in any case")
    func headerCase() throws {
        let headers = ["Webhook-Id": id, "WEBHOOK-TIMESTAMP": String(signedAt), "webhook-Signature": signature(at: signedAt)]
        let verified = try verifier(now: signedAt).verify(body: body, headers: headers)
        #expect(verified.id == id)
    }

    @Test("each missing header is named", arguments: ["webhook-id", "webhook-timestamp", "webhook-signature"])
    func missingHeader(_ name: String) {
        var headers = ["webhook-id": id, "webhook-timestamp": String(signedAt), "webhook-signature": signature(at: signedAt)]
        headers[name] = nil
        do {
            try verifier(now: signedAt).verify(body: body, headers: headers)
            Issue.record("accepted without \(name)")
        } catch {
            #expect(error.code == .missingHeader)
            #expect(error.message.contains(name))
        }
    }

    @Test("an empty signature header counts as missing")
    func emptySignature() {
        #expect(code { try verifier(now: signedAt).verify(body: body, id: id, timestamp: String(signedAt), signature: "") } == .missingHeader)
        #expect(code { try verifier(now: signedAt).verify(body: body, id: id, timestamp: String(signedAt), signature: "   ") } == .missingHeader)
    }

    @Test("timestamps other than plain digits are invalid", arguments: ["1614265330.5", "-1614265330", "+1614265330", "1e9", " 1614265330", "0x60373b72", "１６１４２６５３３０", "9999999999999999999999"])
    func invalidTimestamp(_ text: String) {
        #expect(code { try verifier(now: signedAt).verify(body: body, id: id, timestamp: text, signature: signature(at: signedAt)) } == .invalidTimestamp)
    }

    @Test("malformed signature entries are reported as such", arguments: [
        "v1,", "v1", ",abc", "v1,not base64!", "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1O", "v1,AAAA",
        "v1a,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE= v1,",
    ])
    func malformed(_ header: String) {
        #expect(code { try verifier(now: signedAt).verify(body: body, id: id, timestamp: String(signedAt), signature: header) } == .malformedSignature)
    }

    @Test("a 1 MiB header is refused quickly, without a crash")
    func hugeHeader() {
        let huge = String(repeating: "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE= ", count: 1 << 20 / 48)
        #expect(huge.utf8.count >= 1 << 20 - 48)
        #expect(code { try verifier(now: signedAt).verify(body: body, id: id, timestamp: String(signedAt), signature: huge) } == .malformedSignature)
        let noComma = String(repeating: "a", count: 1 << 20)
        #expect(code { try verifier(now: signedAt).verify(body: body, id: id, timestamp: String(signedAt), signature: noComma) } == .malformedSignature)
    }

    @Test("a wrong signature is no match; a wrong key is no match")
    func noMatch() throws {
        let other = try WebhookSecret.generate()
        let otherVerifier = WebhookVerifier(keys: [.symmetric(other)], clock: .fixed(signedAt))
        #expect(code { try otherVerifier.verify(body: body, id: id, timestamp: String(signedAt), signature: signature(at: signedAt)) } == .noMatchingSignature)
        #expect(code { try verifier(now: signedAt).verify(body: body, id: id, timestamp: String(signedAt), signature: signature(at: signedAt + 1)) } == .noMatchingSignature)
    }

    @Test("a verifier with no keys matches nothing")
    func noKeys() {
        let empty = WebhookVerifier(keys: [], clock: .fixed(signedAt))
        #expect(code { try empty.verify(body: body, id: id, timestamp: String(signedAt), signature: signature(at: signedAt)) } == .noMatchingSignature)
    }

    @Test("every error code is reachable and described")
    func everyCodeHasAMessage() {
        let cases: [WebhookVerificationError.Code: () throws -> Void] = [
            .missingHeader: { try verifier(now: signedAt).verify(body: body, id: nil, timestamp: "1", signature: "v1,x") },
            .invalidTimestamp: { try verifier(now: signedAt).verify(body: body, id: id, timestamp: "x", signature: "v1,x") },
            .timestampTooOld: { try verifier(now: signedAt + 1000).verify(body: body, id: id, timestamp: String(signedAt), signature: "v1,x") },
            .timestampTooNew: { try verifier(now: signedAt - 1000).verify(body: body, id: id, timestamp: String(signedAt), signature: "v1,x") },
            .noMatchingSignature: { try verifier(now: signedAt).verify(body: body, id: id, timestamp: String(signedAt), signature: "v9,x") },
            .malformedSignature: { try verifier(now: signedAt).verify(body: body, id: id, timestamp: String(signedAt), signature: "v1,x") },
            .invalidBatch: {
                // The body is signed but is an object, not an array of envelopes.
                _ = try verifier(now: signedAt).verifyBatch(body: body, headers: ["webhook-id": id, "webhook-timestamp": String(signedAt),
                                                                               "webhook-signature": signature(at: signedAt)])
            },
        ]
        #expect(Set(cases.keys) == Set(WebhookVerificationError.Code.allCases))
        for (expected, operation) in cases {
            do {
                try operation()
                Issue.record("\(expected) was not raised")
            } catch let error as WebhookVerificationError {
                #expect(error.code == expected)
                #expect(!error.message.isEmpty)
                #expect(!error.message.contains(secret.serialized))
            } catch {
                Issue.record("unexpected error \(error)")
            }
        }
    }
}
