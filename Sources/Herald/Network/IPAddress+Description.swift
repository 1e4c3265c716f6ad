extension IPAddress: CustomStringConvertible {
    /// The canonical text of the address.
    ///
    /// IPv4 is printed as a dotted quad. IPv6 follows RFC 5952: lowercase hexadecimal without
    /// leading zeros, the longest run of two or more zero groups (the first one on a tie) compressed
    /// to `::`, and IPv4-mapped addresses in mixed notation (`::ffff:1.2.3.4`).
    public var description: String {
        switch self {
        case .v4(let value):
            return Self.dottedQuad(value)
        case .v6(let value):
            if value >> 32 == 0xFFFF {
                return "::ffff:" + Self.dottedQuad(UInt32(truncatingIfNeeded: value))
            }
            return Self.rfc5952(value)
        }
    }

    private static func dottedQuad(_ value: UInt32) -> String {
        "\(value >> 24).\((value >> 16) & 0xFF).\((value >> 8) & 0xFF).\(value & 0xFF)"
    }

    private static func rfc5952(_ value: UInt128) -> String {
        let groups = (0..<8).map { UInt16(truncatingIfNeeded: value >> (112 - 16 * $0)) }

        // Find the longest run of zero groups; only runs of two or more are compressed.
        var bestStart = -1
        var bestLength = 1
        var index = 0
        while index < groups.count {
            guard groups[index] == 0 else {
                index += 1
                continue
            }
            let start = index
            while index < groups.count, groups[index] == 0 {
                index += 1
            }
            if index - start > bestLength {
                bestStart = start
                bestLength = index - start
            }
        }

        func hex(_ slice: ArraySlice<UInt16>) -> String {
            slice.map { String($0, radix: 16) }.joined(separator: ":")
        }
        guard bestStart >= 0 else {
            return hex(groups[...])
        }
        let head = hex(groups[..<bestStart])
        let tail = hex(groups[(bestStart + bestLength)...])
        return head + "::" + tail
    }
}
