import Crypto

/// A symmetric `whsec_…` signing secret: 24 to 64 random bytes used as an HMAC-SHA256 key (`v1`).
public struct WebhookSecret: Sendable, Equatable, CustomStringConvertible {
    /// The text every serialized secret starts with.
    public static let prefix = "whsec_"
    /// The lengths, in bytes, the Standard Webhooks specification allows.
    public static let allowedByteCounts = 24...64
    /// The length of a generated secret unless asked otherwise.
    public static let defaultByteCount = 32

    /// The raw key bytes.
    public let bytes: [UInt8]
    /// An HMAC already keyed with this secret: copying it skips the key schedule on every message.
    let keyedMAC: HMAC<SHA256>

    /// Wraps raw key bytes; throws when their count is outside ``allowedByteCounts``.
    public init(bytes: [UInt8]) throws(KeyFormatError) {
        guard Self.allowedByteCounts.contains(bytes.count) else {
            throw KeyFormatError(.wrongLength, "a whsec_ secret must hold 24 to 64 bytes, this one holds \(bytes.count)")
        }
        self.bytes = bytes
        self.keyedMAC = HMAC<SHA256>(key: SymmetricKey(data: bytes))
    }

    /// Reads a `whsec_<base64>` string.
    public init(_ text: String) throws(KeyFormatError) {
        guard text.hasPrefix(Self.prefix) else {
            throw KeyFormatError(.badPrefix, "a symmetric secret must start with 'whsec_'")
        }
        guard let bytes = Base64.decode(text.utf8.dropFirst(Self.prefix.utf8.count)) else {
            throw KeyFormatError(.badBase64, "the part after 'whsec_' is not valid padded Base64")
        }
        try self.init(bytes: bytes)
    }

    /// A new secret from the system's secure random source.
    public static func generate(byteCount: Int = defaultByteCount) throws(KeyFormatError) -> WebhookSecret {
        var generator = SystemRandomNumberGenerator()
        return try generate(byteCount: byteCount, using: &generator)
    }

    /// A new secret drawn from the given random source (tests pass a seeded one).
    public static func generate<R: RandomNumberGenerator>(byteCount: Int = defaultByteCount, using generator: inout R) throws(KeyFormatError) -> WebhookSecret {
        guard allowedByteCounts.contains(byteCount) else {
            throw KeyFormatError(.wrongLength, "a whsec_ secret must hold 24 to 64 bytes, \(byteCount) were asked for")
        }
        let bytes = (0..<byteCount).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return try WebhookSecret(bytes: bytes)
    }

    /// The `whsec_<base64>` form.
    public var serialized: String { Self.prefix + Base64.encode(bytes) }

    /// Redacted, so that a secret printed by accident never reaches a log.
    public var description: String { "whsec_…(redacted)" }

    public static func == (lhs: WebhookSecret, rhs: WebhookSecret) -> Bool {
        ConstantTime.equals(lhs.bytes, rhs.bytes)
    }
}
