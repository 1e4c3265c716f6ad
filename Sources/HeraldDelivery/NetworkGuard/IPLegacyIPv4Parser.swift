import Herald

/// Parses the permissive IPv4 forms that `inet_aton(3)` (and therefore `getaddrinfo`, `ping`,
/// curl and many URL parsers) accept but ``IPAddress/init(_:)`` deliberately does not:
/// one to four parts, each decimal, octal (leading `0`) or hexadecimal (leading `0x`), where the
/// last part fills all remaining bytes — `127.1`, `0x7f.0.0.1`, `2130706433`, `0177.0.0.1`.
///
/// It accepts a small superset of glibc's `inet_aton` (a bare `0x` is read as zero in any part,
/// as WHATWG URL parsing does, and one trailing dot is ignored), so nothing that resolves to an
/// address can slip past a check built on it.
enum IPLegacyIPv4Parser {
    private static let dot = UInt8(ascii: ".")

    /// The address `text` denotes under `inet_aton` rules, or `nil` when it is not such a form.
    static func parse(_ text: String) -> UInt32? {
        guard let parts = numericParts(text) else { return nil }
        var values: [UInt64] = []
        for part in parts {
            guard let value = partValue(part) else { return nil }
            values.append(value)
        }
        guard let last = values.last else { return nil }
        let leading = values.dropLast()
        guard leading.allSatisfy({ $0 <= 0xFF }) else { return nil }
        let lastBits = 8 * (5 - values.count)
        guard last < (UInt64(1) << lastBits) else { return nil }
        var result: UInt64 = 0
        for (index, value) in leading.enumerated() {
            result |= value << (24 - 8 * index)
        }
        return UInt32(result | last)
    }

    /// Whether `label` (one dot-separated part of a host) is written like a number in the
    /// `inet_aton` sense — decimal digits, or `0x` followed by hexadecimal digits — whether or
    /// not its value fits.
    static func looksNumeric(_ label: Substring) -> Bool {
        let bytes = Array(label.utf8)
        guard let first = bytes.first else { return false }
        if bytes.count >= 2, first == UInt8(ascii: "0"), bytes[1] | 0x20 == UInt8(ascii: "x") {
            return bytes.dropFirst(2).allSatisfy { IPAddressParser.hexValue($0) != nil }
        }
        return bytes.allSatisfy(IPAddressParser.isDecimalDigit)
    }

    /// Splits `text` into one to four dot-separated parts, ignoring a single trailing dot.
    private static func numericParts(_ text: String) -> [Substring]? {
        var trimmed = Substring(text)
        if trimmed.hasSuffix(".") { trimmed = trimmed.dropLast() }
        guard !trimmed.isEmpty, trimmed.utf8.count <= 64 else { return nil }
        let parts = trimmed.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...4).contains(parts.count) else { return nil }
        return parts
    }

    private static func partValue(_ part: Substring) -> UInt64? {
        let bytes = Array(part.utf8)
        guard let first = bytes.first else { return nil }
        let digits: ArraySlice<UInt8>
        let radix: UInt64
        if bytes.count >= 2, first == UInt8(ascii: "0"), bytes[1] | 0x20 == UInt8(ascii: "x") {
            digits = bytes.dropFirst(2)
            radix = 16
        } else if first == UInt8(ascii: "0") {
            digits = bytes.dropFirst()
            radix = 8
        } else {
            digits = bytes[...]
            radix = 10
        }
        var value: UInt64 = 0
        for byte in digits {
            guard let digit = IPAddressParser.hexValue(byte).map(UInt64.init), digit < radix else { return nil }
            value = value * radix + digit
            // Anything above 32 bits is invalid in every position; stop before overflowing.
            guard value <= UInt64(UInt32.max) else { return nil }
        }
        return value
    }
}
