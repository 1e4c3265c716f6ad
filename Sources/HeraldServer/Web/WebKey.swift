import Crypto
import Foundation
import HeraldStore

/// The server's key for what the web pages sign: session cookies, CSRF tokens and portal
/// links. Generated once and kept in the store's settings, so that every process sharing the
/// store (and every restart) accepts what another signed. Sessions of the dashboard are also
/// bound to the API token: changing the token signs every dashboard session out.
public struct WebKey: Sendable {
    /// The settings key holding the key (hex).
    static let settingKey = "web_signing_key"

    let bytes: SymmetricKey

    /// A key from known bytes (tests).
    public init(bytes: [UInt8]) {
        self.bytes = SymmetricKey(data: bytes)
    }

    /// The stored key, or a new one stored now (another process's wins a race).
    public static func provision(store: any HeraldStore) async throws -> WebKey {
        if let stored = try await store.setting(settingKey), let bytes = hexBytes(stored) {
            return WebKey(bytes: bytes)
        }
        let fresh = SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) }
        let kept = try await store.insertSettingIfAbsent(settingKey, value: fresh.map { String(format: "%02x", $0) }.joined())
        return WebKey(bytes: hexBytes(kept) ?? fresh)
    }

    /// HMAC-SHA256 of `text` under this key, with `purpose` keeping signatures for one use from
    /// being valid for another.
    func sign(_ text: String, purpose: String) -> [UInt8] {
        var mac = HMAC<SHA256>(key: bytes)
        mac.update(data: Array(purpose.utf8))
        mac.update(data: [0])
        mac.update(data: Array(text.utf8))
        return Array(mac.finalize())
    }

    private static func hexBytes(_ text: String) -> [UInt8]? {
        let bytes = Array(text.utf8)
        guard bytes.count == 64 else { return nil }
        let parsed = stride(from: 0, to: 64, by: 2).compactMap { UInt8(String(decoding: bytes[$0..<$0 + 2], as: UTF8.self), radix: 16) }
        return parsed.count == 32 ? parsed : nil
    }
}
