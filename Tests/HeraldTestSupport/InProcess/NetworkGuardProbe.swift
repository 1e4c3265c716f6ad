import Foundation

/// Whether this machine's resolver gives localhost an IPv6 address.
public enum NetworkGuardProbe {
    /// True when `localhost` resolves to an IPv6 address too.
    public static func localhostHasIPv6() async throws -> Bool {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var result: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo("localhost", "80", &hints, &result) == 0 else { return false }
        defer { freeaddrinfo(result) }
        var cursor = result
        while let entry = cursor {
            if entry.pointee.ai_family == AF_INET6 { return true }
            cursor = entry.pointee.ai_next
        }
        return false
    }
}
