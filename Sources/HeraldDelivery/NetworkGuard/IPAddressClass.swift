import Herald

/// What kind of address an ``IPAddress`` is, for deciding whether Herald may deliver to it.
///
/// Only ``public`` addresses are reachable by default; every other class is refused by
/// ``NetworkGuard`` unless the operator allows a range containing the address.
/// The raw value is the short name used in error messages.
public enum IPAddressClass: String, Sendable, Hashable, CaseIterable {
    /// A globally routable unicast address.
    case `public` = "public"
    /// `0.0.0.0` or `::`; connecting to it reaches the local host.
    case unspecified = "unspecified"
    /// `127.0.0.0/8` or `::1`.
    case loopback = "loopback"
    /// RFC 1918 private networks: `10.0.0.0/8`, `172.16.0.0/12`, `192.168.0.0/16`.
    case privateUse = "private-use"
    /// Carrier-grade NAT space `100.64.0.0/10` (RFC 6598).
    case sharedAddressSpace = "shared-address-space"
    /// `169.254.0.0/16` or `fe80::/10`, which includes cloud metadata endpoints.
    case linkLocal = "link-local"
    /// `224.0.0.0/4` or `ff00::/8`.
    case multicast = "multicast"
    /// The limited broadcast address `255.255.255.255`.
    case broadcast = "broadcast"
    /// Documentation ranges: `192.0.2.0/24`, `198.51.100.0/24`, `203.0.113.0/24`,
    /// `2001:db8::/32` and `3fff::/20`.
    case documentation = "documentation"
    /// Benchmarking ranges: `198.18.0.0/15` and `2001:2::/48`.
    case benchmarking = "benchmarking"
    /// IPv6 unique local addresses `fc00::/7`.
    case uniqueLocal = "unique-local"
    /// Deprecated IPv6 site-local addresses `fec0::/10`.
    case siteLocal = "site-local"
    /// Anything else that is not globally routable: `0.0.0.0/8` (other than `0.0.0.0`),
    /// `192.0.0.0/24`, `192.88.99.0/24`, `240.0.0.0/4`, Teredo `2001::/32`, ORCHID `2001:10::/28`,
    /// discard-only `100::/64`, local-use NAT64 `64:ff9b:1::/48`, and all IPv6 outside `2000::/3`
    /// that has no more specific class.
    case reserved = "reserved"
}

extension IPAddressClass: CustomStringConvertible {
    /// The short name used in messages, such as `loopback` or `private-use`.
    public var description: String { rawValue }
}
