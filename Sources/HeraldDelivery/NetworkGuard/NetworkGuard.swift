import Herald

/// Refuses connections to private, loopback, link-local, multicast and other non-public
/// addresses (SSRF protection), except inside networks the operator allowed with
/// `--allowed-networks`.
///
/// Herald must connect to the very address that was checked, so ``resolve(host:port:)`` does
/// the DNS lookup itself and returns the address to connect to; the caller then connects to that
/// literal address and sends the original host in the `Host` header. ``checkLiteralHost(_:)`` is
/// the cheaper check for validating URLs when an endpoint is created.
public struct NetworkGuard: Sendable {
    /// Networks whose addresses are allowed even though they are not public.
    public let allowedNetworks: [IPNetwork]
    /// This process's own test inboxes, which are allowed whatever `allowedNetworks` says.
    public var ownInbox: OwnInboxAddress?

    /// Creates a guard that allows public addresses plus any address inside `allowedNetworks`.
    ///
    /// - Parameter allowedNetworks: Extra networks to allow, such as `127.0.0.0/8` in development.
    public init(allowedNetworks: [IPNetwork] = []) {
        self.allowedNetworks = allowedNetworks
    }

    /// Parses the value of `--allowed-networks`: comma-separated addresses or CIDR networks, such
    /// as `"127.0.0.0/8, ::1/128"`.
    ///
    /// Whitespace around entries is ignored and an empty (or all-whitespace) string means no
    /// networks. An empty entry between commas, or any entry that ``IPNetwork/init(cidr:)``
    /// rejects, is an error of code ``NetworkGuardError/Code/invalidNetwork`` naming the entry.
    public static func parseAllowedNetworks(_ text: String) throws(NetworkGuardError) -> [IPNetwork] {
        guard !trimmed(Substring(text)).isEmpty else { return [] }
        var networks: [IPNetwork] = []
        for piece in text.split(separator: ",", omittingEmptySubsequences: false) {
            let entry = String(trimmed(piece))
            guard let network = IPNetwork(cidr: entry) else {
                throw .invalidNetwork(entry: entry)
            }
            networks.append(network)
        }
        return networks
    }

    /// Whether Herald may connect to `address`: always for public addresses, otherwise only when
    /// an allowed network contains it. An IPv4-mapped IPv6 address matches an allowed network
    /// either as written or through its embedded IPv4 address.
    public func isAllowed(_ address: IPAddress) -> Bool {
        address.classification == .public || allowedNetworks.contains { $0.contains(address) }
    }

    /// The refusal for connecting to `address` on behalf of `host`, or `nil` when it is allowed.
    ///
    /// - Parameters:
    ///   - address: The address that would be connected to.
    ///   - host: The host name or literal it came from, used in the message.
    public func check(_ address: IPAddress, host: String) -> NetworkGuardError? {
        isAllowed(address) ? nil : .blocked(host: host, address: address)
    }

    /// Checks a URL host without DNS, for validating endpoint URLs when they are created.
    ///
    /// Returns `nil` when `host` is a DNS name (checked later by ``resolve(host:port:)``) or an
    /// allowed address literal. Returns an error when `host` is a refused address literal in any
    /// form the system resolver would accept: strict IPv4, bare or bracketed IPv6 (including
    /// `[::ffff:7f00:1]`), or the legacy `inet_aton` forms `127.1`, `0x7f000001`, `2130706433` and
    /// `0177.0.0.1`. Hosts that are neither — a malformed IPv6 literal, an IPv6 zone identifier,
    /// or a host ending in a number that is not a valid IPv4 address — are
    /// ``NetworkGuardError/Code/invalidHost``.
    ///
    /// - Parameter host: The host part of the URL, brackets included for IPv6.
    public func checkLiteralHost(_ host: String) -> NetworkGuardError? {
        switch NetworkHostLiteral(host) {
        case .name:
            return nil
        case .address(let address):
            return check(address, host: host)
        case .scoped(let address):
            return check(address, host: host)
                ?? .invalidHost(host: host, reason: "IPv6 zone identifiers are not supported")
        case .invalid(let reason):
            return .invalidHost(host: host, reason: reason)
        }
    }

    /// Resolves `host` and returns the address Herald should connect to.
    ///
    /// An address literal (in any form ``checkLiteralHost(_:)`` recognises) skips DNS but is still
    /// checked. A name is resolved with `getaddrinfo` (`AF_UNSPEC`, `SOCK_STREAM`) on a global
    /// dispatch queue, never on the caller's thread. If any of its addresses is refused, the whole
    /// host is refused, so a name answering with both public and private addresses cannot be used
    /// to reach the private one. Otherwise the first IPv4 address is returned, or the first IPv6
    /// address when there is no IPv4 one.
    ///
    /// - Parameters:
    ///   - host: The URL host, brackets allowed around IPv6.
    ///   - port: The destination port, passed to `getaddrinfo` as a numeric service.
    /// - Returns: The address to connect to; use ``IPAddress/description`` or
    ///   ``IPAddress/urlHost`` to build the connection target.
    /// - Throws: ``NetworkGuardError`` with code `blockedAddress`, `dnsFailure` or `invalidHost`.
    public func resolve(host: String, port: Int) async throws(NetworkGuardError) -> IPAddress {
        switch NetworkHostLiteral(host) {
        case .address(let address):
            if let error = check(address, host: host) { throw error }
            return address
        case .scoped, .invalid:
            // checkLiteralHost always reports these, preferring a refusal over invalidHost.
            throw checkLiteralHost(host) ?? .invalidHost(host: host, reason: "not a valid host")
        case .name:
            let addresses = try await NetworkNameResolver.addresses(host: host, port: port).get()
            return try vet(host: host, addresses: addresses)
        }
    }

    /// Picks the address to connect to from `addresses`, refusing the host if any is refused.
    func vet(host: String, addresses: [IPAddress]) throws(NetworkGuardError) -> IPAddress {
        if let refused = addresses.first(where: { !isAllowed($0) }) {
            throw .blocked(host: host, address: refused, resolvedCount: addresses.count)
        }
        guard let chosen = addresses.first(where: \.isIPv4) ?? addresses.first else {
            throw .dnsFailure(host: host, reason: "the name has no IPv4 or IPv6 addresses")
        }
        return chosen
    }

    private static func trimmed(_ text: Substring) -> Substring {
        guard let start = text.firstIndex(where: { !$0.isWhitespace }),
              let end = text.lastIndex(where: { !$0.isWhitespace })
        else { return "" }
        return text[start...end]
    }
}
