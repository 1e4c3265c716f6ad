extension JSONValue {
    /// Indented JSON text for people to read: members in their stored order, numbers with
    /// their stored text (nothing reordered or reformatted, unlike a round trip through
    /// Foundation), two spaces per level, `"key": value`, empty arrays and objects as `[]`
    /// and `{}`.
    public func prettyPrinted() -> String {
        var writer = JSONTextWriter()
        writer.writeIndented(self, depth: 0)
        return String(decoding: writer.bytes, as: UTF8.self)
    }
}

extension JSONTextWriter {
    /// Writes `value` indented, its nested lines at `depth + 1` levels.
    mutating func writeIndented(_ value: JSONValue, depth: Int) {
        switch value {
        case .array(let elements) where !elements.isEmpty:
            bytes.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                newline(depth: depth + 1)
                writeIndented(element, depth: depth + 1)
            }
            newline(depth: depth)
            bytes.append(UInt8(ascii: "]"))
        case .object(let members) where !members.isEmpty:
            bytes.append(UInt8(ascii: "{"))
            for (index, member) in members.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                newline(depth: depth + 1)
                write(string: member.key)
                bytes.append(contentsOf: [UInt8(ascii: ":"), UInt8(ascii: " ")])
                writeIndented(member.value, depth: depth + 1)
            }
            newline(depth: depth)
            bytes.append(UInt8(ascii: "}"))
        default:
            write(value)
        }
    }

    private mutating func newline(depth: Int) {
        bytes.append(UInt8(ascii: "\n"))
        bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: 2 * depth))
    }
}
