/// A small, strict, allocation-light Base64 codec (RFC 4648, standard alphabet, padded).
///
/// Foundation's decoder is lenient in ways a verifier must not be and slow on short
/// inputs; signatures are 44-character strings decoded on every request.
enum Base64 {
    private static let alphabet: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// 0xFF marks a byte that is not in the alphabet.
    private static let decodeTable: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (index, byte) in alphabet.enumerated() { table[Int(byte)] = UInt8(index) }
        return table
    }()

    /// Encodes bytes as padded standard Base64.
    static func encode<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> String {
        if let encoded = bytes.withContiguousStorageIfAvailable({ encode(buffer: $0) }) { return encoded }
        return Array(bytes).withUnsafeBufferPointer { encode(buffer: $0) }
    }

    /// Encodes raw bytes as padded standard Base64.
    static func encode(_ bytes: UnsafeRawBufferPointer) -> String {
        encode(buffer: bytes.assumingMemoryBound(to: UInt8.self))
    }

    private static func encode(buffer input: UnsafeBufferPointer<UInt8>) -> String {
        let outputCount = ((input.count + 2) / 3) * 4
        return alphabet.withUnsafeBufferPointer { alphabet in
            String(unsafeUninitializedCapacity: outputCount) { output in
                var out = 0
                var index = 0
                while index + 3 <= input.count {
                    let chunk = UInt32(input[index]) << 16 | UInt32(input[index + 1]) << 8 | UInt32(input[index + 2])
                    output[out] = alphabet[Int(chunk >> 18 & 0x3F)]
                    output[out + 1] = alphabet[Int(chunk >> 12 & 0x3F)]
                    output[out + 2] = alphabet[Int(chunk >> 6 & 0x3F)]
                    output[out + 3] = alphabet[Int(chunk & 0x3F)]
                    out += 4
                    index += 3
                }
                let remaining = input.count - index
                if remaining > 0 {
                    let chunk = UInt32(input[index]) << 16 | (remaining == 2 ? UInt32(input[index + 1]) << 8 : 0)
                    output[out] = alphabet[Int(chunk >> 18 & 0x3F)]
                    output[out + 1] = alphabet[Int(chunk >> 12 & 0x3F)]
                    output[out + 2] = remaining == 2 ? alphabet[Int(chunk >> 6 & 0x3F)] : UInt8(ascii: "=")
                    output[out + 3] = UInt8(ascii: "=")
                    out += 4
                }
                return out
            }
        }
    }

    /// Decodes padded standard Base64, or returns nil for anything else (see ``decode(_:into:)``).
    static func decode<Bytes: Collection<UInt8>>(_ text: Bytes) -> [UInt8]? {
        let input = Array(text)
        return input.withUnsafeBufferPointer { input in
            var output = [UInt8](repeating: 0, count: input.count / 4 * 3)
            let count = output.withUnsafeMutableBufferPointer { decode(input, into: $0) }
            guard let count else { return nil }
            output.removeLast(output.count - count)
            return output
        }
    }

    /// Decodes `input` into `output` (which holds at least `input.count / 4 * 3` bytes) and
    /// returns the decoded length, or nil for: a length that is not a multiple of four, a byte
    /// outside the alphabet, misplaced padding, or non-zero bits after the last byte (so every
    /// byte string has exactly one accepted encoding).
    static func decode(_ input: UnsafeBufferPointer<UInt8>, into output: UnsafeMutableBufferPointer<UInt8>) -> Int? {
        guard !input.isEmpty else { return 0 }
        guard input.count % 4 == 0, output.count >= input.count / 4 * 3 else { return nil }
        let last = input[input.count - 1], secondLast = input[input.count - 2]
        let padding = last == UInt8(ascii: "=") ? (secondLast == UInt8(ascii: "=") ? 2 : 1) : 0
        if padding == 0 && secondLast == UInt8(ascii: "=") { return nil }
        return decodeTable.withUnsafeBufferPointer { table -> Int? in
            var out = 0
            var index = 0
            let fullEnd = input.count - (padding > 0 ? 4 : 0)
            while index < fullEnd {
                let a = table[Int(input[index])], b = table[Int(input[index + 1])]
                let c = table[Int(input[index + 2])], d = table[Int(input[index + 3])]
                guard (a | b | c | d) & 0xC0 == 0 else { return nil }
                let chunk = UInt32(a) << 18 | UInt32(b) << 12 | UInt32(c) << 6 | UInt32(d)
                output[out] = UInt8(truncatingIfNeeded: chunk >> 16)
                output[out + 1] = UInt8(truncatingIfNeeded: chunk >> 8)
                output[out + 2] = UInt8(truncatingIfNeeded: chunk)
                out += 3
                index += 4
            }
            guard padding > 0 else { return out }
            let a = table[Int(input[index])], b = table[Int(input[index + 1])]
            guard a != 0xFF, b != 0xFF else { return nil }
            if padding == 2 {
                guard b & 0x0F == 0 else { return nil }
                output[out] = a << 2 | b >> 4
                return out + 1
            }
            let c = table[Int(input[index + 2])]
            guard c != 0xFF, c & 0x03 == 0 else { return nil }
            output[out] = a << 2 | b >> 4
            output[out + 1] = (b & 0x0F) << 4 | c >> 2
            return out + 2
        }
    }
}
