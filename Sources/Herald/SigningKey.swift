/// A key that signs outgoing webhooks: a symmetric secret (`v1`) or an Ed25519 private key (`v1a`).
public enum SigningKey: Sendable {
    /// HMAC-SHA256 with a `whsec_` secret.
    case symmetric(WebhookSecret)
    /// Ed25519 with a `whsk_` private key.
    case ed25519(Ed25519SigningKey)

    /// Reads a `whsec_…` or `whsk_…` string.
    public init(parsing text: String) throws(KeyFormatError) {
        if text.hasPrefix(WebhookSecret.prefix) {
            self = .symmetric(try WebhookSecret(text))
        } else if text.hasPrefix(Ed25519SigningKey.prefix) {
            self = .ed25519(try Ed25519SigningKey(text))
        } else {
            throw KeyFormatError(.badPrefix, "a signing key must start with 'whsec_' (symmetric) or 'whsk_' (Ed25519)")
        }
    }

    /// The key a receiver checks this key's signatures with.
    public var verificationKey: VerificationKey {
        switch self {
        case .symmetric(let secret): .symmetric(secret)
        case .ed25519(let key): .ed25519(key.publicKey)
        }
    }

    /// The serialized form, `whsec_…` or `whsk_…`.
    public var serialized: String {
        switch self {
        case .symmetric(let secret): secret.serialized
        case .ed25519(let key): key.serialized
        }
    }
}
