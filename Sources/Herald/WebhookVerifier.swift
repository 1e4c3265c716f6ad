import Crypto
import Foundation

/// Checks incoming webhooks the Standard Webhooks way: headers present, timestamp within
/// the tolerance, and at least one signature entry that matches one of the keys.
///
/// ```swift
/// let verifier = WebhookVerifier(keys: [try VerificationKey(parsing: secret)])
/// try verifier.verify(body: body, headers: request.headers)
/// ```
public struct WebhookVerifier: Sendable {
    /// A webhook that passed every check.
    public struct Verified: Sendable, Equatable {
        /// The `webhook-id`: use it to drop duplicates.
        public let id: String
        /// The `webhook-timestamp`, unix seconds.
        public let timestamp: Int64
    }

    /// The keys any of which may have signed; several during a rotation.
    public let keys: [VerificationKey]
    /// How far, in seconds, a timestamp may lie from now in either direction.
    public let toleranceSeconds: Int64
    /// Where the current time comes from.
    public let clock: WebhookClock

    /// The tolerance of every reference implementation: five minutes either way.
    public static let defaultToleranceSeconds: Int64 = 300

    /// A verifier for the given keys.
    public init(keys: [VerificationKey], toleranceSeconds: Int64 = defaultToleranceSeconds, clock: WebhookClock = .system) {
        self.keys = keys
        self.toleranceSeconds = toleranceSeconds
        self.clock = clock
    }

    /// Verifies a request given its body and headers; header names match in any case.
    @discardableResult
    public func verify<Body: DataProtocol>(body: Body, headers: [String: String]) throws(WebhookVerificationError) -> Verified {
        try verify(body: body) { name in
            headers.first { $0.key.lowercased() == name }?.value
        }
    }

    /// Verifies a request given its body and a lookup from lower-case header name to value,
    /// which adapts any HTTP library's header type.
    @discardableResult
    public func verify<Body: DataProtocol>(body: Body, header: (String) -> String?) throws(WebhookVerificationError) -> Verified {
        try verify(
            body: body,
            id: header(WebhookHeaders.id),
            timestamp: header(WebhookHeaders.timestamp),
            signature: header(WebhookHeaders.signature)
        )
    }

    /// Verifies a request given its body and the three header values (nil when absent).
    @discardableResult
    public func verify<Body: DataProtocol>(body: Body, id: String?, timestamp: String?, signature: String?) throws(WebhookVerificationError) -> Verified {
        guard let id, !id.isEmpty else {
            throw WebhookVerificationError(.missingHeader, "the webhook-id header is missing")
        }
        guard let timestamp, !timestamp.isEmpty else {
            throw WebhookVerificationError(.missingHeader, "the webhook-timestamp header is missing")
        }
        guard let signature, !signature.isEmpty else {
            throw WebhookVerificationError(.missingHeader, "the webhook-signature header is missing")
        }
        let seconds = try Self.parseTimestamp(timestamp)
        try checkTolerance(seconds)
        var header = signature
        let outcome = header.withUTF8 { header -> Result<Bool, WebhookVerificationError> in
            do throws(WebhookVerificationError) {
                let entries = try SignatureEntry.parseHeader(header)
                return .success(matches(entries, in: header, id: id, timestamp: timestamp, body: body))
            } catch {
                return .failure(error)
            }
        }
        guard try outcome.get() else {
            throw WebhookVerificationError(.noMatchingSignature, "no v1 or v1a signature in webhook-signature matches the configured keys")
        }
        return Verified(id: id, timestamp: seconds)
    }

    /// Reads a timestamp strictly: ASCII digits only, at most 18 of them.
    static func parseTimestamp(_ text: String) throws(WebhookVerificationError) -> Int64 {
        let utf8 = text.utf8
        guard utf8.count <= 18, utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }), let value = Int64(text) else {
            throw WebhookVerificationError(.invalidTimestamp, "webhook-timestamp must be whole unix seconds (digits only)")
        }
        return value
    }

    private func checkTolerance(_ seconds: Int64) throws(WebhookVerificationError) {
        let now = clock.now()
        if now - seconds > toleranceSeconds {
            throw WebhookVerificationError(.timestampTooOld, "webhook-timestamp is \(now - seconds) s in the past; at most \(toleranceSeconds) s are accepted")
        }
        if seconds - now > toleranceSeconds {
            throw WebhookVerificationError(.timestampTooNew, "webhook-timestamp is \(seconds - now) s in the future; at most \(toleranceSeconds) s are accepted")
        }
    }

    private func matches<Body: DataProtocol>(_ entries: [SignatureEntry], in header: UnsafeBufferPointer<UInt8>, id: String, timestamp: String, body: Body) -> Bool {
        let hasV1 = entries.contains { $0.version == .v1 }
        let hasV1a = entries.contains { $0.version == .v1a }
        var content: [UInt8]?
        for key in keys {
            switch key {
            case .symmetric(let secret) where hasV1:
                let expected = SignedContent.hmac(keyedMAC: secret.keyedMAC, id: id, timestamp: timestamp, body: body)
                let matched = expected.withUnsafeBytes { expected in
                    entries.contains { entry in
                        entry.version == .v1 && entry.withDecoded(header) { ConstantTime.equals($0 ?? UnsafeBufferPointer(start: nil, count: 0), expected) }
                    }
                }
                if matched { return true }
            case .ed25519(let publicKey) where hasV1a:
                let bytes = content ?? SignedContent.bytes(id: id, timestamp: timestamp, body: body)
                content = bytes
                let matched = entries.contains { entry in
                    entry.version == .v1a && entry.withDecoded(header) { signature in
                        signature.map { publicKey.key.isValidSignature($0, for: bytes) } ?? false
                    }
                }
                if matched { return true }
            default:
                continue
            }
        }
        return false
    }
}
