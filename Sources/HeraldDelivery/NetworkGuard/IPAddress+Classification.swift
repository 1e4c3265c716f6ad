import Herald

extension IPAddress {
    /// The class of this address, used by ``NetworkGuard`` to refuse non-public destinations.
    ///
    /// IPv6 forms that embed an IPv4 address are classified by that IPv4 address, so
    /// `::ffff:127.0.0.1` is ``IPAddressClass/loopback`` and `64:ff9b::10.0.0.1` is
    /// ``IPAddressClass/privateUse``. Those forms are IPv4-mapped `::ffff:0:0/96`,
    /// deprecated IPv4-compatible `::/96` (except `::` and `::1`), NAT64 `64:ff9b::/96`,
    /// and 6to4 `2002::/16` (the IPv4 address is in bits 16–47).
    public var classification: IPAddressClass {
        switch self {
        case .v4(let value):
            return Self.classifyIPv4(value)
        case .v6(let value):
            return Self.classifyIPv6(value)
        }
    }

    private static func classifyIPv4(_ value: UInt32) -> IPAddressClass {
        func inside(_ network: UInt32, _ length: Int) -> Bool {
            value >> (32 - length) == network >> (32 - length)
        }
        if value == 0 { return .unspecified }
        if value == 0xFFFF_FFFF { return .broadcast }
        if inside(0x0000_0000, 8) { return .reserved }                   // 0.0.0.0/8 "this network"
        if inside(0x0A00_0000, 8) { return .privateUse }                 // 10.0.0.0/8
        if inside(0x6440_0000, 10) { return .sharedAddressSpace }        // 100.64.0.0/10
        if inside(0x7F00_0000, 8) { return .loopback }                   // 127.0.0.0/8
        if inside(0xA9FE_0000, 16) { return .linkLocal }                 // 169.254.0.0/16
        if inside(0xAC10_0000, 12) { return .privateUse }                // 172.16.0.0/12
        if inside(0xC000_0000, 24) { return .reserved }                  // 192.0.0.0/24 IETF protocol assignments
        if inside(0xC000_0200, 24) { return .documentation }             // 192.0.2.0/24 TEST-NET-1
        if inside(0xC058_6300, 24) { return .reserved }                  // 192.88.99.0/24 6to4 relay anycast
        if inside(0xC0A8_0000, 16) { return .privateUse }                // 192.168.0.0/16
        if inside(0xC612_0000, 15) { return .benchmarking }              // 198.18.0.0/15
        if inside(0xC633_6400, 24) { return .documentation }             // 198.51.100.0/24 TEST-NET-2
        if inside(0xCB00_7100, 24) { return .documentation }             // 203.0.113.0/24 TEST-NET-3
        if inside(0xE000_0000, 4) { return .multicast }                  // 224.0.0.0/4
        if inside(0xF000_0000, 4) { return .reserved }                   // 240.0.0.0/4
        return .public
    }

    private static func classifyIPv6(_ value: UInt128) -> IPAddressClass {
        func inside(_ network: UInt128, _ length: Int) -> Bool {
            value >> (128 - length) == network >> (128 - length)
        }
        let low32 = UInt32(truncatingIfNeeded: value)
        if value == 0 { return .unspecified }
        if value == 1 { return .loopback }
        if value >> 32 == 0xFFFF { return classifyIPv4(low32) }          // ::ffff:0:0/96 mapped
        if value >> 32 == 0 { return classifyIPv4(low32) }               // ::/96 compatible
        if inside(0x0064_FF9B << 96, 96) { return classifyIPv4(low32) }  // 64:ff9b::/96 NAT64
        if inside(0x0064_FF9B_0001 << 80, 48) { return .reserved }       // 64:ff9b:1::/48 local NAT64
        if inside(0x0100 << 112, 64) { return .reserved }                // 100::/64 discard-only
        if inside(0x2002 << 112, 16) {                                     // 2002::/16 6to4
            return classifyIPv4(UInt32(truncatingIfNeeded: value >> 80))
        }
        if inside(0x2001_0000 << 96, 32) { return .reserved }            // 2001::/32 Teredo
        if inside(0x2001_0002_0000 << 80, 48) { return .benchmarking }   // 2001:2::/48
        if inside(0x2001_0010 << 96, 28) { return .reserved }            // 2001:10::/28 ORCHID
        if inside(0x2001_0DB8 << 96, 32) { return .documentation }       // 2001:db8::/32
        if inside(0x3FFF << 112, 20) { return .documentation }           // 3fff::/20
        if inside(0xFC00 << 112, 7) { return .uniqueLocal }              // fc00::/7
        if inside(0xFE80 << 112, 10) { return .linkLocal }               // fe80::/10
        if inside(0xFEC0 << 112, 10) { return .siteLocal }               // fec0::/10
        if inside(0xFF00 << 112, 8) { return .multicast }                // ff00::/8
        if !inside(0x2000 << 112, 3) { return .reserved }                // outside global unicast
        return .public
    }
}
