import Herald

/// Why ``NetworkGuard`` refused a host or could not parse its configuration.
///
/// ``message`` is written for operators and endpoint owners: it names the host, the refused
/// address and its class, and how to allow it.
public struct NetworkGuardError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of failure.
    public enum Code: String, Sendable, Hashable {
        /// The host is, or resolves to, an address that is not public and not allowed.
        case blockedAddress
        /// The host name could not be resolved, or resolved to no addresses.
        case dnsFailure
        /// An entry of `--allowed-networks` is not a valid address or CIDR network.
        case invalidNetwork
        /// The host is neither a valid name nor a valid address literal, for example a malformed
        /// bracketed IPv6 literal, an IPv6 zone identifier, or a number too large to be IPv4.
        case invalidHost
    }

    /// The kind of failure.
    public let code: Code
    /// A human-readable explanation naming the host and, if any, the refused address.
    public let message: String
    /// The host that was checked, or the offending `--allowed-networks` entry.
    public let host: String
    /// The refused address, for ``Code/blockedAddress``; otherwise `nil`.
    public let address: IPAddress?

    /// Creates an error; prefer the guard's own checks, which fill in a helpful message.
    ///
    /// - Parameters:
    ///   - code: The kind of failure.
    ///   - message: The human-readable explanation.
    ///   - host: The host or configuration entry concerned.
    ///   - address: The refused address, if any.
    public init(code: Code, message: String, host: String, address: IPAddress? = nil) {
        self.code = code
        self.message = message
        self.host = host
        self.address = address
    }

    /// The ``message``.
    public var description: String { message }

    static func blocked(host: String, address: IPAddress, resolvedCount: Int = 1) -> NetworkGuardError {
        // A mapped address is allowed by its IPv4 network, so suggest the simpler IPv4 form.
        let target = address.ipv4Mapped ?? address
        let range = "\(target)/\(target.isIPv4 ? 32 : 128)"
        let plain = host == address.description || host == address.urlHost
        var detail = plain ? "\(address.classification)" : "\(address), \(address.classification)"
        if resolvedCount > 1 {
            detail += "; one of \(resolvedCount) addresses it resolves to"
        }
        return NetworkGuardError(
            code: .blockedAddress,
            message: "refused to connect to \(host) (\(detail)): "
                + "add \(range) or a network containing it to --allowed-networks to allow it",
            host: host,
            address: address
        )
    }

    static func dnsFailure(host: String, reason: String) -> NetworkGuardError {
        NetworkGuardError(code: .dnsFailure, message: "could not resolve \(host): \(reason)", host: host)
    }

    static func invalidHost(host: String, reason: String) -> NetworkGuardError {
        NetworkGuardError(code: .invalidHost, message: "invalid host \"\(host)\": \(reason)", host: host)
    }

    static func invalidNetwork(entry: String) -> NetworkGuardError {
        NetworkGuardError(
            code: .invalidNetwork,
            message: "invalid entry \"\(entry)\" in --allowed-networks: expected an IPv4 or IPv6 "
                + "address or CIDR network such as 10.0.0.0/8 or ::1/128",
            host: entry
        )
    }
}
