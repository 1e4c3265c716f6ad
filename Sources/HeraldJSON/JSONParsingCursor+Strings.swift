extension JSONParsingCursor {
    /// Parses a string whose opening quote is at `position`; leaves `position`
    /// after the closing quote.
    ///
    /// Strings without escapes are built straight from the input bytes; only
    /// strings with escapes go through the reusable scratch buffer.
    mutating func parseString() throws(JSONParseError) -> String {
        let start = position + 1
        var end = try scanPlainRun(from: start)
        if input[end] == UInt8(ascii: "\"") {
            position = end + 1
            return String(decoding: UnsafeBufferPointer(rebasing: input[start..<end]), as: UTF8.self)
        }
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: UnsafeBufferPointer(rebasing: input[start..<end]))
        while true {
            end = try decodeEscape(at: end)
            let runStart = end
            end = try scanPlainRun(from: runStart)
            scratch.append(contentsOf: UnsafeBufferPointer(rebasing: input[runStart..<end]))
            if input[end] == UInt8(ascii: "\"") {
                position = end + 1
                return String(decoding: scratch, as: UTF8.self)
            }
        }
    }

    /// Returns the index of the next `"` or `\` at or after `start`, checking
    /// that everything before it is well-formed UTF-8 without control characters.
    private func scanPlainRun(from start: Int) throws(JSONParseError) -> Int {
        let count = input.count
        guard let base = input.baseAddress else {
            throw endOfInputError("expected '\"' to close the string")
        }
        let raw = UnsafeRawPointer(base)
        var index = start
        while true {
            // Skip 8 plain ASCII bytes at a time.
            while index + 8 <= count {
                let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                if Self.wordNeedsAttention(word) { break }
                index += 8
            }
            guard index < count else { throw endOfInputError("expected '\"' to close the string") }
            let byte = input[index]
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { return index }
            if byte < 0x20 {
                throw error(
                    .controlCharacterInString,
                    "unescaped control character U+\(Self.hex(UInt32(byte), width: 4)) in string",
                    at: index
                )
            }
            if byte < 0x80 {
                index += 1
            } else {
                index = try validateMultibyteSequence(at: index)
            }
        }
    }

    /// `true` if any byte of `word` is `"`, `\`, a control character or non-ASCII.
    @inline(__always)
    private static func wordNeedsAttention(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        let quotes = word ^ (ones &* 0x22)
        let backslashes = word ^ (ones &* 0x5C)
        let hasQuote = (quotes &- ones) & ~quotes
        let hasBackslash = (backslashes &- ones) & ~backslashes
        let hasControl = (word &- ones &* 0x20) & ~word
        return (hasQuote | hasBackslash | hasControl | word) & highs != 0
    }

    /// Checks the multi-byte UTF-8 sequence whose lead byte is at `index` and
    /// returns the index after it.
    private func validateMultibyteSequence(at index: Int) throws(JSONParseError) -> Int {
        let lead = input[index]
        let length: Int
        var secondLow: UInt8 = 0x80
        var secondHigh: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF:
            length = 2
        case 0xE0:
            length = 3
            secondLow = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF:
            length = 3
        case 0xED:
            length = 3
            secondHigh = 0x9F  // excludes encoded surrogates
        case 0xF0:
            length = 4
            secondLow = 0x90
        case 0xF1...0xF3:
            length = 4
        case 0xF4:
            length = 4
            secondHigh = 0x8F  // nothing above U+10FFFF
        default:
            throw error(.invalidUTF8, "invalid UTF-8 byte 0x\(Self.hex(UInt32(lead), width: 2)) in string", at: index)
        }
        for step in 1..<length {
            let offset = index + step
            let low = step == 1 ? secondLow : 0x80
            let high = step == 1 ? secondHigh : 0xBF
            guard offset < input.count, input[offset] >= low, input[offset] <= high else {
                throw error(.invalidUTF8, "invalid UTF-8 sequence in string", at: index)
            }
        }
        return index + length
    }

    /// Decodes the escape whose backslash is at `index` into `scratch` and
    /// returns the index after it.
    private mutating func decodeEscape(at index: Int) throws(JSONParseError) -> Int {
        let next = index + 1
        guard next < input.count else { throw endOfInputError("expected an escape sequence after '\\'") }
        let byte = input[next]
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"):
            scratch.append(byte)
        case UInt8(ascii: "b"):
            scratch.append(0x08)
        case UInt8(ascii: "f"):
            scratch.append(0x0C)
        case UInt8(ascii: "n"):
            scratch.append(0x0A)
        case UInt8(ascii: "r"):
            scratch.append(0x0D)
        case UInt8(ascii: "t"):
            scratch.append(0x09)
        case UInt8(ascii: "u"):
            return try decodeUnicodeEscape(at: index)
        default:
            let shown = byte >= 0x21 && byte <= 0x7E
                ? "'\\\(Character(Unicode.Scalar(byte)))'"
                : "'\\' followed by \(Self.describe(byte))"
            throw error(
                .invalidEscape,
                "invalid escape sequence \(shown) in string; expected one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX",
                at: index
            )
        }
        return index + 2
    }

    /// Decodes `\uXXXX` (and the low half of a surrogate pair) at `index`.
    private mutating func decodeUnicodeEscape(at index: Int) throws(JSONParseError) -> Int {
        let unit = try readHexQuad(at: index + 2)
        var end = index + 6
        var scalar = unit
        if (0xD800...0xDBFF).contains(unit) {
            let count = input.count
            guard end + 1 < count,
                  input[end] == UInt8(ascii: "\\"),
                  input[end + 1] == UInt8(ascii: "u")
            else {
                if end >= count || (end + 1 >= count && input[end] == UInt8(ascii: "\\")) {
                    throw endOfInputError("expected a low surrogate escape after \\u\(Self.hex(unit, width: 4))")
                }
                throw error(
                    .unpairedSurrogate,
                    "unpaired high surrogate \\u\(Self.hex(unit, width: 4)) in string; it must be followed by a low surrogate escape",
                    at: index
                )
            }
            let low = try readHexQuad(at: end + 2)
            guard (0xDC00...0xDFFF).contains(low) else {
                throw error(
                    .unpairedSurrogate,
                    "high surrogate \\u\(Self.hex(unit, width: 4)) must be followed by a low surrogate (\\uDC00 to \\uDFFF), not \\u\(Self.hex(low, width: 4))",
                    at: end
                )
            }
            scalar = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
            end += 6
        } else if (0xDC00...0xDFFF).contains(unit) {
            throw error(
                .unpairedSurrogate,
                "unpaired low surrogate \\u\(Self.hex(unit, width: 4)) in string",
                at: index
            )
        }
        appendUTF8(scalar)
        return end
    }

    /// Reads four hexadecimal digits starting at `index`.
    private func readHexQuad(at index: Int) throws(JSONParseError) -> UInt32 {
        let expectation = "expected 4 hexadecimal digits after '\\u'"
        var value: UInt32 = 0
        for offset in index..<(index + 4) {
            guard offset < input.count else { throw endOfInputError(expectation) }
            let byte = input[offset]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw error(.invalidUnicodeEscape, expectation, at: offset)
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    /// Appends the UTF-8 encoding of a scalar value (never a surrogate) to `scratch`.
    private mutating func appendUTF8(_ scalar: UInt32) {
        switch scalar {
        case 0..<0x80:
            scratch.append(UInt8(truncatingIfNeeded: scalar))
        case 0x80..<0x800:
            scratch.append(UInt8(truncatingIfNeeded: 0xC0 | scalar >> 6))
            scratch.append(UInt8(truncatingIfNeeded: 0x80 | scalar & 0x3F))
        case 0x800..<0x10000:
            scratch.append(UInt8(truncatingIfNeeded: 0xE0 | scalar >> 12))
            scratch.append(UInt8(truncatingIfNeeded: 0x80 | scalar >> 6 & 0x3F))
            scratch.append(UInt8(truncatingIfNeeded: 0x80 | scalar & 0x3F))
        default:
            scratch.append(UInt8(truncatingIfNeeded: 0xF0 | scalar >> 18))
            scratch.append(UInt8(truncatingIfNeeded: 0x80 | scalar >> 12 & 0x3F))
            scratch.append(UInt8(truncatingIfNeeded: 0x80 | scalar >> 6 & 0x3F))
            scratch.append(UInt8(truncatingIfNeeded: 0x80 | scalar & 0x3F))
        }
    }
}
