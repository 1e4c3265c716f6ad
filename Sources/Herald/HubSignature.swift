import Crypto
import Foundation

/// GitHub's `X-Hub-Signature-256` scheme (`sha256=<hex HMAC-SHA256 of the body>`, keyed with
/// the secret's UTF-8 bytes), for receivers that also take webhooks from GitHub.
public enum HubSignature {
    /// The header GitHub sends.
    public static let header = "X-Hub-Signature-256"

    /// The header value for a body.
    public static func sign<Body: DataProtocol>(body: Body, secret: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Array(secret.utf8)))
        return "sha256=" + mac.map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }

    /// True when `signature` is the value ``sign(body:secret:)`` gives, compared in constant time.
    public static func isValid<Body: DataProtocol>(signature: String, body: Body, secret: String) -> Bool {
        ConstantTime.equals(Array(signature.lowercased().utf8), Array(sign(body: body, secret: secret).utf8))
    }
}
