import Crypto
import Foundation
import Herald

/// A signed-in browser: the operator (signed in with the API token) or a portal visitor (who
/// opened a portal link). Kept entirely in a signed cookie, so any process sharing the store
/// accepts it: `v1.<kind>.<app or ->.<link or ->.<expiry ms>.<nonce>.<signature>`. The
/// signature covers every field; an operator session's key also covers the API token's hash.
struct WebSession: Sendable, Equatable {
    enum Kind: String, Sendable { case dashboard = "d", portal = "p" }

    let kind: Kind
    /// The portal's application (`app_…`), for a portal session.
    let appID: String?
    /// The portal link it came from (`plk_…`), checked on every request: revoking the link ends it.
    let linkID: String?
    /// Milliseconds since 1970.
    let expiresAt: Int64
    /// Random, per session: the CSRF token is derived from it.
    let nonce: String

    /// The cookie names: the dashboard's and the portal's sessions live side by side.
    static func cookieName(_ kind: Kind) -> String { kind == .dashboard ? "herald_session" : "herald_portal" }

    /// A new session of `kind` that lasts until `expiresAt`.
    static func start(_ kind: Kind, appID: String? = nil, linkID: String? = nil, expiresAt: Int64) -> WebSession {
        WebSession(kind: kind, appID: appID, linkID: linkID, expiresAt: expiresAt, nonce: Base64URL.encode(randomBytes(18)))
    }

    /// The cookie value.
    func encoded(key: WebKey, tokenHash: [UInt8]) -> String {
        let body = ["v1", kind.rawValue, appID ?? "-", linkID ?? "-", String(expiresAt), nonce].joined(separator: ".")
        return body + "." + Base64URL.encode(Self.signature(body, kind: kind, key: key, tokenHash: tokenHash))
    }

    /// The session a cookie value holds, if its signature is good and it has not expired.
    static func decode(_ value: String, expecting kind: Kind, key: WebKey, tokenHash: [UInt8], now: Int64) -> WebSession? {
        let parts = value.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 7, parts[0] == "v1", parts[1] == Substring(kind.rawValue),
              let presented = Base64URL.decode(parts[6]), let expiresAt = Int64(parts[4]) else { return nil }
        let body = parts[0..<6].joined(separator: ".")
        guard ConstantTime.equals(presented, signature(body, kind: kind, key: key, tokenHash: tokenHash)), now < expiresAt else { return nil }
        return WebSession(kind: kind, appID: parts[2] == "-" ? nil : String(parts[2]), linkID: parts[3] == "-" ? nil : String(parts[3]),
                          expiresAt: expiresAt, nonce: String(parts[5]))
    }

    /// The token every form of this session carries (see ``CSRF``).
    func csrfToken(key: WebKey) -> String {
        Base64URL.encode(key.sign(nonce, purpose: "csrf-\(kind.rawValue)"))
    }

    private static func signature(_ body: String, kind: Kind, key: WebKey, tokenHash: [UInt8]) -> [UInt8] {
        // A dashboard session is only as good as the API token it was opened with.
        let binding = kind == .dashboard ? tokenHash.map { String(format: "%02x", $0) }.joined() : ""
        return key.sign(body + "|" + binding, purpose: "session")
    }
}

/// Bytes from the system's random source.
public func randomBytes(_ count: Int) -> [UInt8] {
    var generator = SystemRandomNumberGenerator()
    return (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
}
