/// The exact value of a JSON number literal as sign, significant digits and a
/// power of ten, used for exact comparison and integer detection.
struct JSONDecimal {
    /// `true` for a negative non-zero value.
    let isNegative: Bool
    /// Significant digits (values 0...9) with no leading or trailing zeros; empty for zero.
    let digits: [UInt8]
    /// The value is `digits × 10^exponent`.
    let exponent: Int

    /// A bound that keeps exponent arithmetic far from overflow.
    private static let exponentLimit = 1_000_000_000_000

    /// Decodes a literal that is already known to match the JSON number grammar.
    init(_ text: String) {
        var negative = false
        var digits: [UInt8] = []
        var exponent = 0
        var exponentValue = 0
        var exponentNegative = false
        var seenPoint = false
        var inExponent = false
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "-"):
                if inExponent { exponentNegative = true } else { negative = true }
            case UInt8(ascii: "+"):
                break
            case UInt8(ascii: "."):
                seenPoint = true
            case UInt8(ascii: "e"), UInt8(ascii: "E"):
                inExponent = true
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                let digit = byte &- UInt8(ascii: "0")
                if inExponent {
                    if exponentValue < Self.exponentLimit { exponentValue = exponentValue * 10 + Int(digit) }
                } else {
                    if !(digits.isEmpty && digit == 0) { digits.append(digit) }
                    if seenPoint { exponent -= 1 }
                }
            default:
                break
            }
        }
        exponent += exponentNegative ? -exponentValue : exponentValue
        while let last = digits.last, last == 0 {
            digits.removeLast()
            exponent += 1
        }
        self.isNegative = negative && !digits.isEmpty
        self.digits = digits
        self.exponent = digits.isEmpty ? 0 : exponent
    }

    /// `true` when the value has no fractional part.
    var isInteger: Bool { digits.isEmpty || exponent >= 0 }

    /// Returns -1, 0 or 1 as `lhs` is less than, equal to or greater than `rhs`.
    static func compare(_ lhs: JSONDecimal, _ rhs: JSONDecimal) -> Int {
        let lhsSign = lhs.digits.isEmpty ? 0 : (lhs.isNegative ? -1 : 1)
        let rhsSign = rhs.digits.isEmpty ? 0 : (rhs.isNegative ? -1 : 1)
        if lhsSign != rhsSign { return lhsSign < rhsSign ? -1 : 1 }
        if lhsSign == 0 { return 0 }
        let magnitude = compareMagnitude(lhs, rhs)
        return lhsSign > 0 ? magnitude : -magnitude
    }

    /// Compares absolute values of two non-zero decimals.
    private static func compareMagnitude(_ lhs: JSONDecimal, _ rhs: JSONDecimal) -> Int {
        // Position of the most significant digit decides first.
        let lhsScale = lhs.digits.count + lhs.exponent
        let rhsScale = rhs.digits.count + rhs.exponent
        if lhsScale != rhsScale { return lhsScale < rhsScale ? -1 : 1 }
        for (a, b) in zip(lhs.digits, rhs.digits) where a != b {
            return a < b ? -1 : 1
        }
        if lhs.digits.count == rhs.digits.count { return 0 }
        return lhs.digits.count < rhs.digits.count ? -1 : 1
    }
}
