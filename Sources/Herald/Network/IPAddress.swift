/// An IPv4 or IPv6 address, stored as a plain integer in network (big-endian) bit order.
///
/// Parse text with ``init(_:)``; print the canonical form with ``description``
/// (dotted quad for IPv4, RFC 5952 for IPv6) or ``urlHost`` for use inside a URL.
///
/// Zone identifiers (`fe80::1%eth0`) are not representable and are rejected by the parser:
/// a zone names a local interface, and Herald never delivers over link-local scope.
public enum IPAddress: Sendable, Hashable {
    /// An IPv4 address; `0x7F00_0001` is `127.0.0.1`.
    case v4(UInt32)
    /// An IPv6 address; the most significant bits are the first group, so `1` is `::1`.
    case v6(UInt128)

    /// Parses an IPv4 or IPv6 address written as text.
    ///
    /// - IPv4 must be a strict dotted quad: exactly four decimal parts from 0 to 255 with no
    ///   leading zeros (`"0"` itself is fine). Octal, hexadecimal, integer and short forms such as
    ///   `127.1`, `0x7f.0.0.1`, `2130706433` or `0177.0.0.1` are rejected here; see
    ///   ``NetworkGuard/checkLiteralHost(_:)`` for how those are still caught when they appear as hosts.
    /// - IPv6 follows RFC 4291: eight groups of one to four hexadecimal digits, optionally with one
    ///   `::` standing for one or more zero groups, optionally ending in an embedded dotted quad
    ///   (`::ffff:1.2.3.4`). The whole address may be wrapped in brackets (`[::1]`), as in a URL.
    /// - Zone identifiers (`fe80::1%eth0`, `[fe80::1%25eth0]`) are rejected.
    ///
    /// - Parameter text: The address text, without surrounding whitespace.
    public init?(_ text: String) {
        let bytes = Array(text.utf8)
        if let value = IPAddressParser.parseIPv4(bytes[...]) {
            self = .v4(value)
        } else if let value = IPAddressParser.parseIPv6(bytes[...]) {
            self = .v6(value)
        } else {
            return nil
        }
    }

    /// Creates an address from its raw network-order bytes: 4 bytes for IPv4, 16 for IPv6.
    ///
    /// - Parameter bytes: The address bytes, most significant first.
    /// - Returns: `nil` when `bytes` does not hold exactly 4 or 16 bytes.
    public init?(bytes: [UInt8]) {
        switch bytes.count {
        case 4:
            self = .v4(bytes.reduce(UInt32(0)) { ($0 << 8) | UInt32($1) })
        case 16:
            self = .v6(bytes.reduce(UInt128(0)) { ($0 << 8) | UInt128($1) })
        default:
            return nil
        }
    }

    /// The raw network-order bytes of the address: 4 for IPv4, 16 for IPv6.
    public var bytes: [UInt8] {
        switch self {
        case .v4(let value):
            return (0..<4).map { UInt8(truncatingIfNeeded: value >> (24 - 8 * $0)) }
        case .v6(let value):
            return (0..<16).map { UInt8(truncatingIfNeeded: value >> (120 - 8 * $0)) }
        }
    }

    /// Whether this is an IPv4 address (an IPv4-mapped IPv6 address is not).
    public var isIPv4: Bool {
        if case .v4 = self { return true }
        return false
    }

    /// Whether this is an IPv6 address, including IPv4-mapped and other IPv4-embedding forms.
    public var isIPv6: Bool { !isIPv4 }

    /// The IPv4 address inside an IPv4-mapped IPv6 address (`::ffff:a.b.c.d`, i.e. `::ffff:0:0/96`),
    /// or `nil` for every other address, including plain IPv4 addresses.
    public var ipv4Mapped: IPAddress? {
        guard case .v6(let value) = self, value >> 32 == 0xFFFF else { return nil }
        return .v4(UInt32(truncatingIfNeeded: value))
    }

    /// The address as it must appear in the host part of a URL: IPv4 as a dotted quad,
    /// IPv6 in canonical form inside brackets (`[::1]`).
    public var urlHost: String {
        isIPv4 ? description : "[\(description)]"
    }
}
