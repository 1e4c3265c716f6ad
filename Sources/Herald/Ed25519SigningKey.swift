import Crypto

/// An Ed25519 private key in the `whsk_<base64 seed ‖ public key>` form, signing `v1a`.
public struct Ed25519SigningKey: Sendable, CustomStringConvertible {
    /// The text every serialized private key starts with.
    public static let prefix = "whsk_"

    let key: Curve25519.Signing.PrivateKey

    /// Reads a `whsk_…` string: 64 bytes, the 32-byte seed followed by its 32-byte public key.
    public init(_ text: String) throws(KeyFormatError) {
        guard text.hasPrefix(Self.prefix) else {
            throw KeyFormatError(.badPrefix, "an Ed25519 private key must start with 'whsk_'")
        }
        guard let bytes = Base64.decode(text.utf8.dropFirst(Self.prefix.utf8.count)) else {
            throw KeyFormatError(.badBase64, "the part after 'whsk_' is not valid padded Base64")
        }
        guard bytes.count == 64 else {
            throw KeyFormatError(.wrongLength, "a whsk_ key must hold 64 bytes (seed and public key), this one holds \(bytes.count)")
        }
        guard let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: bytes[0..<32]) else {
            throw KeyFormatError(.wrongLength, "the seed of this whsk_ key is not a valid Ed25519 seed")
        }
        guard ConstantTime.equals(Array(key.publicKey.rawRepresentation), bytes[32..<64]) else {
            throw KeyFormatError(.mismatchedKeyPair, "the public half of this whsk_ key does not belong to its seed")
        }
        self.key = key
    }

    init(key: Curve25519.Signing.PrivateKey) { self.key = key }

    /// A new key pair from the system's secure random source.
    public static func generate() -> Ed25519SigningKey {
        Ed25519SigningKey(key: Curve25519.Signing.PrivateKey())
    }

    /// The matching public key, for receivers.
    public var publicKey: Ed25519PublicKey { Ed25519PublicKey(key: key.publicKey) }

    /// The `whsk_<base64>` form.
    public var serialized: String {
        Self.prefix + Base64.encode(Array(key.rawRepresentation) + Array(key.publicKey.rawRepresentation))
    }

    /// Redacted, so that a key printed by accident never reaches a log.
    public var description: String { "whsk_…(redacted)" }
}
