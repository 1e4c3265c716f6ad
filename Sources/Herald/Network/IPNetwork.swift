/// A block of IPv4 or IPv6 addresses written in CIDR notation, such as `10.0.0.0/8` or `::1/128`.
///
/// Host bits below the prefix are cleared, so `10.1.2.3/8` is the same network as `10.0.0.0/8`.
public struct IPNetwork: Sendable, Hashable {
    /// The first address of the network, with every bit after the prefix cleared.
    public let address: IPAddress
    /// The number of leading bits that are fixed: 0–32 for IPv4, 0–128 for IPv6.
    public let prefixLength: Int

    /// Creates the network of `prefixLength` leading bits around `address`, clearing its host bits.
    ///
    /// - Returns: `nil` when `prefixLength` is negative or longer than the address (32 or 128 bits).
    public init?(address: IPAddress, prefixLength: Int) {
        switch address {
        case .v4(let value):
            guard (0...32).contains(prefixLength) else { return nil }
            self.address = .v4(value & Self.mask32(prefixLength))
        case .v6(let value):
            guard (0...128).contains(prefixLength) else { return nil }
            self.address = .v6(value & Self.mask128(prefixLength))
        }
        self.prefixLength = prefixLength
    }

    /// Parses CIDR text: an address (as accepted by ``IPAddress/init(_:)``), optionally followed by
    /// `/` and a decimal prefix length without sign or leading zeros.
    ///
    /// A bare address means a single host (`/32` for IPv4, `/128` for IPv6). Host bits set below the
    /// prefix are accepted and cleared. Prefix lengths out of range are rejected.
    ///
    /// - Parameter cidr: Text such as `"10.0.0.0/8"`, `"::1/128"` or `"192.168.1.7"`.
    public init?(cidr: String) {
        let pieces = cidr.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let addressText = pieces.first, let address = IPAddress(String(addressText)) else { return nil }
        let maximum = address.isIPv4 ? 32 : 128
        guard pieces.count == 2 else {
            self.init(address: address, prefixLength: maximum)
            return
        }
        let digits = Array(pieces[1].utf8)
        guard (1...3).contains(digits.count),
              digits.allSatisfy(IPAddressParser.isDecimalDigit),
              digits.count == 1 || digits[0] != UInt8(ascii: "0")
        else { return nil }
        let length = digits.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
        self.init(address: address, prefixLength: length)
    }

    /// Whether `address` lies inside this network.
    ///
    /// IPv4 networks never contain IPv6 addresses and IPv6 networks never contain IPv4 addresses,
    /// with one exception: an IPv4-mapped IPv6 address (`::ffff:a.b.c.d`) is also checked as its
    /// IPv4 address, so `127.0.0.0/8` contains `::ffff:127.0.0.1`. (The reverse does not hold:
    /// `::ffff:127.0.0.0/104` contains `::ffff:127.0.0.1` but not the IPv4 address `127.0.0.1`.)
    public func contains(_ address: IPAddress) -> Bool {
        switch (self.address, address) {
        case (.v4(let network), .v4(let candidate)):
            return candidate & Self.mask32(prefixLength) == network
        case (.v6(let network), .v6(let candidate)):
            return candidate & Self.mask128(prefixLength) == network
        case (.v4, .v6):
            guard let mapped = address.ipv4Mapped else { return false }
            return contains(mapped)
        case (.v6, .v4):
            return false
        }
    }

    private static func mask32(_ length: Int) -> UInt32 {
        length == 0 ? 0 : UInt32.max << (32 - length)
    }

    private static func mask128(_ length: Int) -> UInt128 {
        length == 0 ? 0 : UInt128.max << (128 - length)
    }
}

extension IPNetwork: CustomStringConvertible {
    /// The network in CIDR notation with its canonical address, such as `10.0.0.0/8` or `fc00::/7`.
    public var description: String {
        "\(address)/\(prefixLength)"
    }
}
