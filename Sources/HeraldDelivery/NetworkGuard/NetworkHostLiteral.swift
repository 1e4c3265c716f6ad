import Herald

/// How a URL host reads before any DNS lookup: a name, an address literal, or neither.
enum NetworkHostLiteral: Equatable {
    /// A DNS name, to be resolved.
    case name
    /// An address literal in any form `getaddrinfo` accepts: strict IPv4, bracketed or bare IPv6,
    /// or an `inet_aton` form such as `127.1` or `0x7f000001`.
    case address(IPAddress)
    /// An IPv6 literal with a zone identifier (`fe80::1%eth0`); the address part is given.
    case scoped(IPAddress)
    /// Not usable as a host; the reason is given.
    case invalid(String)

    /// Classifies `host` as it appears in a URL (brackets around IPv6 allowed).
    init(_ host: String) {
        guard !host.isEmpty else {
            self = .invalid("the host is empty")
            return
        }
        if let address = IPAddress(host) {
            self = .address(address)
            return
        }
        // Anything with a colon or brackets can only be an IPv6 literal, never a DNS name.
        if host.contains(":") || host.hasPrefix("[") || host.hasSuffix("]") {
            self = Self.ipv6WithZone(host)
            return
        }
        // A host whose last label is a number is an IPv4 address to inet_aton and to WHATWG URL
        // parsing, whatever the other labels say; it must parse as one, or it is not a valid host.
        var labels = Substring(host)
        if labels.hasSuffix(".") { labels = labels.dropLast() }
        let last = labels.split(separator: ".", omittingEmptySubsequences: false).last ?? ""
        if IPLegacyIPv4Parser.looksNumeric(last) {
            if let value = IPLegacyIPv4Parser.parse(host) {
                self = .address(.v4(value))
            } else {
                self = .invalid("it ends in a number but is not a valid IPv4 address")
            }
            return
        }
        self = .name
    }

    private static func ipv6WithZone(_ host: String) -> NetworkHostLiteral {
        var text = Substring(host)
        if text.hasPrefix("["), text.hasSuffix("]"), text.count >= 2 {
            text = text.dropFirst().dropLast()
        }
        if let percent = text.firstIndex(of: "%"),
           text.index(after: percent) < text.endIndex,
           let address = IPAddress(String(text[..<percent])), address.isIPv6 {
            return .scoped(address)
        }
        return .invalid("it is not a valid IPv6 address")
    }
}
