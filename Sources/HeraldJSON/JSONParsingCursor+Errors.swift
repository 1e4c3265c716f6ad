extension JSONParsingCursor {
    /// An error of `kind` at byte `offset`; `reason` says what was expected.
    func error(_ kind: JSONParseError.Kind, _ reason: String, at offset: Int) -> JSONParseError {
        let (line, column) = location(of: offset)
        return JSONParseError(
            kind: kind,
            offset: offset,
            line: line,
            column: column,
            message: "\(reason) at line \(line), column \(column)"
        )
    }

    /// An end-of-input error; `reason` says what was expected.
    func endOfInputError(_ reason: String) -> JSONParseError {
        error(.unexpectedEndOfInput, "unexpected end of input: \(reason)", at: input.count)
    }

    /// The 1-based line and code-point column of byte `offset`.
    private func location(of offset: Int) -> (line: Int, column: Int) {
        var line = 1
        var column = 1
        let end = min(offset, input.count)
        var index = 0
        while index < end {
            let byte = input[index]
            if byte == 0x0A {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                // Count lead bytes only, so a multi-byte character is one column.
                column += 1
            }
            index += 1
        }
        return (line, column)
    }

    /// A byte for a message: printable ASCII as itself, anything else as hex.
    static func describe(_ byte: UInt8) -> String {
        if byte >= 0x21 && byte <= 0x7E { return "'\(Character(Unicode.Scalar(byte)))'" }
        return "byte 0x" + hex(UInt32(byte), width: 2)
    }

    /// `value` in upper-case hexadecimal, zero-padded to `width`.
    static func hex(_ value: UInt32, width: Int) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
