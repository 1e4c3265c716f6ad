import Herald

/// Which addresses may deliver webhooks: a list of networks, and the proxies in front of the
/// receiver whose `X-Forwarded-For` is believed.
///
/// The address checked is the connection's peer, unless that peer is a trusted proxy: then the
/// `X-Forwarded-For` list is read from its right end (the entry the nearest proxy added), past
/// every further trusted proxy, and the first address that is not one is the client. A header
/// sent by anyone else is ignored, so a sender cannot claim an address by writing the header.
public struct SourceAllowlist: Sendable, Equatable {
    /// The networks a client may come from.
    public let networks: [IPNetwork]
    /// The proxies whose `X-Forwarded-For` is believed.
    public let trustedProxies: [IPNetwork]

    /// An allowlist of `networks`, behind `trustedProxies` (none by default).
    public init(networks: [IPNetwork], trustedProxies: [IPNetwork] = []) {
        self.networks = networks
        self.trustedProxies = trustedProxies
    }

    /// Parses comma-separated CIDR lists, such as `"203.0.113.0/24, 2001:db8::/32"`; throws
    /// naming the first entry that is not a network.
    public init(parsing networks: String, trustedProxies: String = "") throws(SourceAllowlistError) {
        self.init(networks: try Self.parseList(networks), trustedProxies: try Self.parseList(trustedProxies))
    }

    /// The client's address: the peer, or when the peer is a trusted proxy the nearest
    /// untrusted entry of `X-Forwarded-For` (nil when that header cannot be read).
    public func clientAddress(peer: IPAddress, forwardedFor: String?) -> IPAddress? {
        guard isTrustedProxy(peer), let forwardedFor else { return peer }
        let entries = forwardedFor.split(separator: ",").map { $0.trimmingWhitespace() }
        for entry in entries.reversed() {
            guard let address = IPAddress(entry) else { return nil }
            if !isTrustedProxy(address) { return address }
        }
        // Every hop was a trusted proxy: the leftmost one is the client.
        return entries.first.flatMap { IPAddress($0) }
    }

    /// True when a request from `peer`, with that `X-Forwarded-For`, comes from an allowed network.
    public func allows(peer: IPAddress?, forwardedFor: String?) -> Bool {
        guard let peer, let client = clientAddress(peer: peer, forwardedFor: forwardedFor) else { return false }
        let candidates = [client] + (client.ipv4Mapped.map { [$0] } ?? [])
        return candidates.contains { address in networks.contains { $0.contains(address) } }
    }

    private func isTrustedProxy(_ address: IPAddress) -> Bool {
        let candidates = [address] + (address.ipv4Mapped.map { [$0] } ?? [])
        return candidates.contains { address in trustedProxies.contains { $0.contains(address) } }
    }

    private static func parseList(_ text: String) throws(SourceAllowlistError) -> [IPNetwork] {
        var networks = [IPNetwork]()
        for entry in text.split(separator: ",").map({ $0.trimmingWhitespace() }) where !entry.isEmpty {
            guard let network = IPNetwork(cidr: entry) else { throw SourceAllowlistError(entry: entry) }
            networks.append(network)
        }
        return networks
    }
}

/// A CIDR list entry that is not a network.
public struct SourceAllowlistError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The entry, as written.
    public let entry: String

    /// The error for `entry`.
    public init(entry: String) {
        self.entry = entry
    }
    /// What to fix.
    public var description: String {
        "'\(entry)' is not a network: write an address with an optional prefix length, such as 203.0.113.0/24 or 2001:db8::/32"
    }
}

extension Substring {
    func trimmingWhitespace() -> String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
