import Herald
import Testing

@Suite("Standard Webhooks known-answer vectors")
struct VectorTests {
    static let vectors = StandardWebhooksVectors.all

    @Test("the fixture holds every category", arguments: [0])
    func fixtureIsComplete(_: Int) {
        #expect(Self.vectors.symmetric.count >= 5)
        #expect(!Self.vectors.asymmetric.isEmpty)
        #expect(Self.vectors.must_fail.count >= 5)
        #expect(!Self.vectors.must_pass_multi.isEmpty)
        #expect(!Self.vectors.github.isEmpty)
    }

    @Test("v1 signing reproduces the vector", arguments: vectors.symmetric)
    func symmetricSigning(_ vector: StandardWebhooksVectors.Symmetric) throws {
        let signer = WebhookSigner(key: try SigningKey(parsing: vector.secret))
        #expect(signer.signature(id: vector.id, timestamp: vector.timestamp, body: vector.body) == vector.signature)
    }

    @Test("v1 verification accepts the vector", arguments: vectors.symmetric)
    func symmetricVerification(_ vector: StandardWebhooksVectors.Symmetric) throws {
        let verifier = WebhookVerifier(keys: [try VerificationKey(parsing: vector.secret)], clock: .fixed(vector.timestamp))
        let verified = try verifier.verify(body: vector.body, id: vector.id, timestamp: String(vector.timestamp), signature: vector.signature)
        #expect(verified.id == vector.id)
        #expect(verified.timestamp == vector.timestamp)
    }

    @Test("v1a signing reproduces the vector and its public key verifies it", arguments: vectors.asymmetric)
    func asymmetric(_ vector: StandardWebhooksVectors.Asymmetric) throws {
        let privateKey = try Ed25519SigningKey(vector.secret_key)
        #expect(privateKey.publicKey.serialized == vector.public_key)
        #expect(privateKey.serialized == vector.secret_key)
        let body = Array(vector.payload.utf8)
        let signature = WebhookSigner(key: .ed25519(privateKey)).signature(id: vector.id, timestamp: vector.timestamp, body: body)
        #expect(signature == vector.signature)
        let verifier = WebhookVerifier(keys: [try VerificationKey(parsing: vector.public_key)], clock: .fixed(vector.timestamp))
        try verifier.verify(body: body, id: vector.id, timestamp: String(vector.timestamp), signature: vector.signature)
        #expect(throws: WebhookVerificationError.self) {
            try verifier.verify(body: body + [0x20], id: vector.id, timestamp: String(vector.timestamp), signature: vector.signature)
        }
    }

    @Test("must_fail vectors are rejected as no matching signature", arguments: vectors.must_fail)
    func mustFail(_ vector: StandardWebhooksVectors.Symmetric) throws {
        let verifier = WebhookVerifier(keys: [try VerificationKey(parsing: vector.secret)], clock: .fixed(vector.timestamp))
        let error = #expect(throws: WebhookVerificationError.self) {
            try verifier.verify(body: vector.body, id: vector.id, timestamp: String(vector.timestamp), signature: vector.signature)
        }
        #expect(error?.code == .noMatchingSignature)
    }

    @Test("a valid entry behind decoys and unknown versions is accepted", arguments: vectors.must_pass_multi)
    func mustPassMulti(_ vector: StandardWebhooksVectors.Symmetric) throws {
        let verifier = WebhookVerifier(keys: [try VerificationKey(parsing: vector.secret)], clock: .fixed(vector.timestamp))
        try verifier.verify(body: vector.body, id: vector.id, timestamp: String(vector.timestamp), signature: vector.signature)
    }

    @Test("GitHub's X-Hub-Signature-256 is reproduced and checked", arguments: vectors.github)
    func github(_ vector: StandardWebhooksVectors.GitHub) {
        let body = Array(vector.payload.utf8)
        #expect(vector.header == HubSignature.header)
        #expect(HubSignature.sign(body: body, secret: vector.secret) == vector.signature)
        #expect(HubSignature.isValid(signature: vector.signature, body: body, secret: vector.secret))
        #expect(!HubSignature.isValid(signature: vector.signature, body: body + [0x21], secret: vector.secret))
        #expect(!HubSignature.isValid(signature: vector.signature, body: body, secret: vector.secret + "x"))
    }
}
