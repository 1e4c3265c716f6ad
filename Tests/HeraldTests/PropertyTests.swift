import Herald
import PropertyBased
import Testing

@Suite("Sign → verify properties")
struct PropertyTests {
    static let bodies = Gen.uint8().array(of: 0...2048)
    static let keyLengths = Gen.int(in: 24...64)
    static let positions = Gen.int(in: 0...4096)

    @Test("random bodies and keys round-trip; any flipped body byte fails")
    func roundTripAndBodyTamper() async {
        await propertyCheck(count: 200, input: Self.bodies, Self.keyLengths, Self.positions) { body, keyLength, position in
            let secret = try! WebhookSecret.generate(byteCount: keyLength)
            let signer = WebhookSigner(key: .symmetric(secret))
            let verifier = WebhookVerifier(keys: [.symmetric(secret)], clock: .fixed(1_700_000_000))
            let header = signer.signature(id: "msg_abc", timestamp: 1_700_000_000, body: body)
            #expect((try? verifier.verify(body: body, id: "msg_abc", timestamp: "1700000000", signature: header)) != nil)
            guard !body.isEmpty else { return }
            var tampered = body
            tampered[position % body.count] ^= 0x01
            #expect(Self.code { try verifier.verify(body: tampered, id: "msg_abc", timestamp: "1700000000", signature: header) } == .noMatchingSignature)
        }
    }

    @Test("any flipped byte of the id or the timestamp fails")
    func idAndTimestampTamper() async {
        await propertyCheck(count: 200, input: Self.bodies, Gen.letterOrNumber.string(of: 1...40), Gen.int(in: 0...63)) { body, id, position in
            let timestamp: Int64 = 1_700_000_000
            let key = Ed25519SigningKey.generate()
            let secret = try! WebhookSecret.generate()
            let header = WebhookSigner(keys: [.symmetric(secret), .ed25519(key)]).signature(id: id, timestamp: timestamp, body: body)
            for verificationKey in [VerificationKey.symmetric(secret), .ed25519(key.publicKey)] {
                let verifier = WebhookVerifier(keys: [verificationKey], toleranceSeconds: .max / 2, clock: .fixed(timestamp))
                var idBytes = Array(id.utf8)
                idBytes[position % idBytes.count] ^= 0x01
                let tamperedID = String(decoding: idBytes, as: UTF8.self)
                #expect(Self.code { try verifier.verify(body: body, id: tamperedID, timestamp: "1700000000", signature: header) } == .noMatchingSignature)
                // Flip a low bit of one digit: the result is another digit, so it still parses.
                var timestampBytes = Array("1700000000".utf8)
                timestampBytes[position % timestampBytes.count] ^= 0x01
                let tamperedTimestamp = String(decoding: timestampBytes, as: UTF8.self)
                #expect(Self.code { try verifier.verify(body: body, id: id, timestamp: tamperedTimestamp, signature: header) } == .noMatchingSignature)
            }
        }
    }

    static func code(_ operation: () throws -> Void) -> WebhookVerificationError.Code? {
        do { try operation(); return nil } catch { return (error as? WebhookVerificationError)?.code }
    }
}
