extension JSONParsingCursor {
    /// Parses a number whose first byte (`-` or a digit) is at `position`.
    ///
    /// The `Double` comes from an exact fast path when the significand fits in
    /// 53 bits and the power of ten is at most 22 (both operands are then exact,
    /// so one correctly rounded operation gives the correctly rounded result);
    /// other literals fall back to the standard library's correctly rounded parser.
    mutating func parseNumber() throws(JSONParseError) -> JSONNumber {
        let start = position
        let count = input.count
        var index = position
        var negative = false
        if input[index] == UInt8(ascii: "-") {
            negative = true
            index += 1
        }

        var significand: UInt64 = 0
        var significantDigits = 0
        var exponent = 0
        var truncated = false
        var isIntegerLiteral = true

        // Integer part: "0" or a non-zero digit followed by digits.
        guard index < count else { throw endOfInputError("expected a digit after '-'") }
        let first = input[index]
        if first == UInt8(ascii: "0") {
            index += 1
            if index < count, Self.isDigit(input[index]) {
                throw error(.invalidNumber, "leading zeros are not allowed in numbers", at: start)
            }
        } else if Self.isDigit(first) {
            while index < count, Self.isDigit(input[index]) {
                if significantDigits < 19 {
                    significand = significand &* 10 &+ UInt64(input[index] &- UInt8(ascii: "0"))
                    significantDigits += 1
                } else {
                    exponent += 1
                    truncated = truncated || input[index] != UInt8(ascii: "0")
                }
                index += 1
            }
        } else {
            throw error(.invalidNumber, "expected a digit after '-'", at: index)
        }

        // Fraction.
        if index < count, input[index] == UInt8(ascii: ".") {
            isIntegerLiteral = false
            index += 1
            let expectation = "expected a digit after the decimal point"
            guard index < count else { throw endOfInputError(expectation) }
            guard Self.isDigit(input[index]) else { throw error(.invalidNumber, expectation, at: index) }
            while index < count, Self.isDigit(input[index]) {
                let digit = input[index] &- UInt8(ascii: "0")
                if significantDigits < 19 {
                    if significand != 0 || digit != 0 {
                        significand = significand &* 10 &+ UInt64(digit)
                        significantDigits += 1
                    }
                    exponent -= 1
                } else {
                    truncated = truncated || digit != 0
                }
                index += 1
            }
        }

        // Exponent.
        if index < count, input[index] == UInt8(ascii: "e") || input[index] == UInt8(ascii: "E") {
            isIntegerLiteral = false
            index += 1
            var exponentNegative = false
            if index < count, input[index] == UInt8(ascii: "+") || input[index] == UInt8(ascii: "-") {
                exponentNegative = input[index] == UInt8(ascii: "-")
                index += 1
            }
            let expectation = "expected a digit in the exponent"
            guard index < count else { throw endOfInputError(expectation) }
            guard Self.isDigit(input[index]) else { throw error(.invalidNumber, expectation, at: index) }
            var value = 0
            while index < count, Self.isDigit(input[index]) {
                if value < 1_000_000 { value = value * 10 + Int(input[index] &- UInt8(ascii: "0")) }
                index += 1
            }
            exponent += exponentNegative ? -value : value
        }

        position = index
        let text = String(decoding: UnsafeBufferPointer(rebasing: input[start..<index]), as: UTF8.self)

        var int64Value: Int64?
        if isIntegerLiteral && !truncated && exponent == 0 {
            if negative {
                if significand <= UInt64(Int64.max) + 1 { int64Value = Int64(truncatingIfNeeded: 0 &- significand) }
            } else if significand <= UInt64(Int64.max) {
                int64Value = Int64(significand)
            }
        }

        let doubleValue: Double
        if significand == 0 && !truncated {
            doubleValue = negative ? -0.0 : 0.0
        } else if !truncated, significand <= 1 << 53, exponent >= -22, exponent <= 22 {
            let magnitude = Double(significand)
            let scaled = exponent < 0
                ? magnitude / Self.powerOfTen(-exponent)
                : magnitude * Self.powerOfTen(exponent)
            doubleValue = negative ? -scaled : scaled
        } else {
            doubleValue = Double(text) ?? (negative ? -Double.infinity : Double.infinity)
        }
        return JSONNumber(validatedText: text, doubleValue: doubleValue, int64Value: int64Value)
    }

    /// `true` for an ASCII digit.
    @inline(__always)
    private static func isDigit(_ byte: UInt8) -> Bool {
        byte &- UInt8(ascii: "0") < 10
    }

    /// 10^exponent for 0...22, all exactly representable as `Double`.
    @inline(__always)
    private static func powerOfTen(_ exponent: Int) -> Double {
        switch exponent {
        case 0: return 1e0
        case 1: return 1e1
        case 2: return 1e2
        case 3: return 1e3
        case 4: return 1e4
        case 5: return 1e5
        case 6: return 1e6
        case 7: return 1e7
        case 8: return 1e8
        case 9: return 1e9
        case 10: return 1e10
        case 11: return 1e11
        case 12: return 1e12
        case 13: return 1e13
        case 14: return 1e14
        case 15: return 1e15
        case 16: return 1e16
        case 17: return 1e17
        case 18: return 1e18
        case 19: return 1e19
        case 20: return 1e20
        case 21: return 1e21
        default: return 1e22
        }
    }
}
