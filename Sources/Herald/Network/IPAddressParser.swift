/// Strict text parsers behind ``IPAddress/init(_:)``, working on UTF-8 bytes.
package enum IPAddressParser {
    private static let dot = UInt8(ascii: ".")
    private static let colon = UInt8(ascii: ":")

    /// Parses a strict dotted quad: four decimal parts 0–255, no leading zeros except `"0"`.
    static func parseIPv4(_ text: ArraySlice<UInt8>) -> UInt32? {
        guard text.count >= 7, text.count <= 15 else { return nil }
        let parts = text.split(separator: dot, omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var result: UInt32 = 0
        for part in parts {
            guard let octet = parseOctet(part) else { return nil }
            result = (result << 8) | UInt32(octet)
        }
        return result
    }

    private static func parseOctet(_ part: ArraySlice<UInt8>) -> UInt8? {
        guard (1...3).contains(part.count), part.allSatisfy(isDecimalDigit) else { return nil }
        if part.count > 1, part.first == UInt8(ascii: "0") { return nil }
        let value = part.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
        return value <= 255 ? UInt8(value) : nil
    }

    /// Parses RFC 4291 IPv6 text, optionally bracketed, with `::` and a trailing dotted quad.
    /// Zone identifiers are rejected.
    static func parseIPv6(_ input: ArraySlice<UInt8>) -> UInt128? {
        var text = input
        if text.first == UInt8(ascii: "[") {
            guard text.count >= 2, text.last == UInt8(ascii: "]") else { return nil }
            text = text.dropFirst().dropLast()
        }
        // The longest valid form is 8 four-digit groups or 6 groups plus a dotted quad (45 bytes).
        guard text.count >= 2, text.count <= 45 else { return nil }

        var groups: [UInt16]
        if let gap = doubleColonIndex(in: text) {
            guard let head = parseGroups(text[..<gap], allowTrailingIPv4: false),
                  let tail = parseGroups(text[(gap + 2)...], allowTrailingIPv4: true),
                  head.count + tail.count <= 7
            else { return nil }
            groups = head + Array(repeating: 0, count: 8 - head.count - tail.count) + tail
        } else {
            guard let all = parseGroups(text, allowTrailingIPv4: true), all.count == 8 else { return nil }
            groups = all
        }
        return groups.reduce(UInt128(0)) { ($0 << 16) | UInt128($1) }
    }

    private static func doubleColonIndex(in text: ArraySlice<UInt8>) -> Int? {
        var index = text.startIndex
        while index + 1 < text.endIndex {
            if text[index] == colon, text[index + 1] == colon { return index }
            index += 1
        }
        return nil
    }

    /// Parses colon-separated groups; an empty slice is zero groups, an empty group is an error.
    /// A second `::` therefore fails here, because it produces an empty group.
    private static func parseGroups(_ text: ArraySlice<UInt8>, allowTrailingIPv4: Bool) -> [UInt16]? {
        guard !text.isEmpty else { return [] }
        let pieces = text.split(separator: colon, omittingEmptySubsequences: false)
        var groups: [UInt16] = []
        for (offset, piece) in pieces.enumerated() {
            if offset == pieces.count - 1, allowTrailingIPv4, piece.contains(dot) {
                guard let v4 = parseIPv4(piece) else { return nil }
                groups.append(UInt16(truncatingIfNeeded: v4 >> 16))
                groups.append(UInt16(truncatingIfNeeded: v4))
            } else {
                guard let group = parseHexGroup(piece) else { return nil }
                groups.append(group)
            }
        }
        return groups
    }

    private static func parseHexGroup(_ piece: ArraySlice<UInt8>) -> UInt16? {
        guard (1...4).contains(piece.count) else { return nil }
        var value: UInt16 = 0
        for byte in piece {
            guard let digit = hexValue(byte) else { return nil }
            value = (value << 4) | UInt16(digit)
        }
        return value
    }

    package static func isDecimalDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    package static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
