import Foundation
import Herald

/// The token in a portal link: `<link id>.<expiry ms>.<signature>`. The signature proves the
/// server made it (nobody can forge a link or stretch its expiry); the store says which
/// application it opens and whether it was revoked.
struct PortalLinkToken: Sendable, Equatable {
    let linkID: String
    let expiresAt: Int64

    /// The token's text.
    func encoded(key: WebKey) -> String {
        let body = "\(linkID).\(expiresAt)"
        return body + "." + Base64URL.encode(key.sign(body, purpose: "portal-link"))
    }

    /// The link a token names, if the server signed it (expired or not: the caller says which).
    static func decode(_ text: String, key: WebKey) -> PortalLinkToken? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].hasPrefix("plk_"), let expiresAt = Int64(parts[1]), let presented = Base64URL.decode(parts[2]) else { return nil }
        let body = "\(parts[0]).\(parts[1])"
        guard ConstantTime.equals(presented, key.sign(body, purpose: "portal-link")) else { return nil }
        return PortalLinkToken(linkID: String(parts[0]), expiresAt: expiresAt)
    }
}
