import Foundation
import Herald
import Testing

@Suite("Secrets and keys")
struct KeyFormatTests {
    func code(_ operation: () throws -> Void) -> KeyFormatError.Code? {
        do { try operation(); return nil } catch { return (error as? KeyFormatError)?.code }
    }

    @Test("generated secrets round-trip through their text form", arguments: [24, 32, 64])
    func generateRoundTrip(_ count: Int) throws {
        let secret = try WebhookSecret.generate(byteCount: count)
        #expect(secret.bytes.count == count)
        #expect(secret.serialized.hasPrefix("whsec_"))
        #expect(try WebhookSecret(secret.serialized) == secret)
        #expect(try WebhookSecret.generate(byteCount: count) != secret)
    }

    @Test("lengths outside 24…64 bytes are refused", arguments: [0, 23, 65])
    func generateLength(_ count: Int) {
        #expect(code { _ = try WebhookSecret.generate(byteCount: count) } == .wrongLength)
    }

    @Test("malformed whsec_ strings are typed errors", arguments: [
        ("sk_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", KeyFormatError.Code.badPrefix),
        ("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaS!", .badBase64),
        ("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaS", .badBase64),
        ("whsec_AAAA", .wrongLength),
        ("whsec_", .wrongLength),
    ])
    func malformedSecret(_ text: String, _ expected: KeyFormatError.Code) {
        #expect(code { _ = try WebhookSecret(text) } == expected)
    }

    @Test("Ed25519 keys round-trip and a mismatched pair is refused")
    func ed25519() throws {
        let key = Ed25519SigningKey.generate()
        let reread = try Ed25519SigningKey(key.serialized)
        #expect(reread.publicKey == key.publicKey)
        #expect(try Ed25519PublicKey(key.publicKey.serialized) == key.publicKey)
        let mixed = try mixPair(key, Ed25519SigningKey.generate())
        #expect(code { _ = try Ed25519SigningKey(mixed) } == .mismatchedKeyPair)
    }

    @Test("malformed Ed25519 strings are typed errors")
    func malformedEd25519() {
        #expect(code { _ = try Ed25519SigningKey("whsec_AAAA") } == .badPrefix)
        #expect(code { _ = try Ed25519SigningKey("whsk_@@@@") } == .badBase64)
        #expect(code { _ = try Ed25519SigningKey("whsk_AAAA") } == .wrongLength)
        #expect(code { _ = try Ed25519PublicKey("whpk_AAAA") } == .wrongLength)
        #expect(code { _ = try Ed25519PublicKey("whsk_AAAA") } == .badPrefix)
        #expect(code { _ = try VerificationKey(parsing: "secret") } == .badPrefix)
        #expect(code { _ = try SigningKey(parsing: "whpk_AAAA") } == .badPrefix)
    }

    @Test("a whsk_ key given to a verifier is reduced to its public key")
    func privateKeyAsVerificationKey() throws {
        let key = Ed25519SigningKey.generate()
        #expect(try VerificationKey(parsing: key.serialized) == .ed25519(key.publicKey))
    }

    @Test("secrets never print themselves")
    func redacted() throws {
        let secret = try WebhookSecret.generate()
        #expect(!"\(secret)".contains(secret.serialized.dropFirst(6)))
        let key = Ed25519SigningKey.generate()
        #expect(!"\(key)".contains(key.serialized.dropFirst(5)))
    }

    /// A whsk_ string whose seed is `a`'s and whose public half is `b`'s.
    func mixPair(_ a: Ed25519SigningKey, _ b: Ed25519SigningKey) throws -> String {
        let aBytes = try #require(Data(base64Encoded: String(a.serialized.dropFirst(5))))
        let bBytes = try #require(Data(base64Encoded: String(b.serialized.dropFirst(5))))
        return "whsk_" + (aBytes.prefix(32) + bBytes.suffix(32)).base64EncodedString()
    }
}
