import Crypto
import Foundation

/// Signs outgoing webhooks the Standard Webhooks way.
///
/// With several keys (during a secret rotation) every key signs and the header value
/// lists one entry per key, so receivers holding either the old or the new key accept it.
public struct WebhookSigner: Sendable {
    /// The keys that sign, in the order their entries appear.
    public let keys: [SigningKey]

    /// A signer for one or more keys.
    public init(keys: [SigningKey]) {
        self.keys = keys
    }

    /// A signer for a single key.
    public init(key: SigningKey) {
        self.keys = [key]
    }

    /// The `webhook-signature` header value for a message id, a unix timestamp and the exact body bytes.
    public func signature<Body: DataProtocol>(id: String, timestamp: Int64, body: Body) -> String {
        let timestampText = String(timestamp)
        var entries = [String]()
        entries.reserveCapacity(keys.count)
        var content: [UInt8]?
        for key in keys {
            switch key {
            case .symmetric(let secret):
                entries.append("v1," + SignedContent.hmac(keyedMAC: secret.keyedMAC, id: id, timestamp: timestampText, body: body).withUnsafeBytes { Base64.encode($0) })
            case .ed25519(let signingKey):
                let bytes = content ?? SignedContent.bytes(id: id, timestamp: timestampText, body: body)
                content = bytes
                let signature = (try? signingKey.key.signature(for: bytes)).map { Array($0) } ?? []
                entries.append("v1a," + Base64.encode(signature))
            }
        }
        return entries.joined(separator: " ")
    }

    /// The three Standard Webhooks headers for one attempt, as (name, value) pairs.
    public func headers<Body: DataProtocol>(id: String, timestamp: Int64, body: Body) -> [(name: String, value: String)] {
        [
            (WebhookHeaders.id, id),
            (WebhookHeaders.timestamp, String(timestamp)),
            (WebhookHeaders.signature, signature(id: id, timestamp: timestamp, body: body)),
        ]
    }
}
