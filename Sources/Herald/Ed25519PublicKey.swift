import Crypto

/// An Ed25519 public key in the `whpk_<base64>` form, verifying `v1a` signatures.
public struct Ed25519PublicKey: Sendable, Equatable, CustomStringConvertible {
    /// The text every serialized public key starts with.
    public static let prefix = "whpk_"

    let key: Curve25519.Signing.PublicKey

    /// Reads a `whpk_…` string holding 32 bytes.
    public init(_ text: String) throws(KeyFormatError) {
        guard text.hasPrefix(Self.prefix) else {
            throw KeyFormatError(.badPrefix, "an Ed25519 public key must start with 'whpk_'")
        }
        guard let bytes = Base64.decode(text.utf8.dropFirst(Self.prefix.utf8.count)) else {
            throw KeyFormatError(.badBase64, "the part after 'whpk_' is not valid padded Base64")
        }
        guard bytes.count == 32, let key = try? Curve25519.Signing.PublicKey(rawRepresentation: bytes) else {
            throw KeyFormatError(.wrongLength, "a whpk_ key must hold 32 bytes, this one holds \(bytes.count)")
        }
        self.key = key
    }

    init(key: Curve25519.Signing.PublicKey) { self.key = key }

    /// The `whpk_<base64>` form.
    public var serialized: String { Self.prefix + Base64.encode(Array(key.rawRepresentation)) }

    public var description: String { serialized }

    public static func == (lhs: Ed25519PublicKey, rhs: Ed25519PublicKey) -> Bool {
        lhs.key.rawRepresentation == rhs.key.rawRepresentation
    }
}
