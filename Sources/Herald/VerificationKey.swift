/// A key that checks incoming webhooks: a symmetric secret (`v1`) or an Ed25519 public key (`v1a`).
public enum VerificationKey: Sendable, Equatable {
    /// HMAC-SHA256 with a `whsec_` secret.
    case symmetric(WebhookSecret)
    /// Ed25519 with a `whpk_` public key.
    case ed25519(Ed25519PublicKey)

    /// Reads a `whsec_…` or `whpk_…` string; a `whsk_…` private key is accepted too and
    /// reduced to its public half.
    public init(parsing text: String) throws(KeyFormatError) {
        if text.hasPrefix(WebhookSecret.prefix) {
            self = .symmetric(try WebhookSecret(text))
        } else if text.hasPrefix(Ed25519PublicKey.prefix) {
            self = .ed25519(try Ed25519PublicKey(text))
        } else if text.hasPrefix(Ed25519SigningKey.prefix) {
            self = .ed25519(try Ed25519SigningKey(text).publicKey)
        } else {
            throw KeyFormatError(.badPrefix, "a verification key must start with 'whsec_' (symmetric) or 'whpk_' (Ed25519 public key)")
        }
    }
}
