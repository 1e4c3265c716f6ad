import HeraldJSON
import HeraldTestSupport

/// Test helpers shared by the JSON suites.
enum JSONTestSupport {
    /// The parse error for `bytes`, or `nil` if they parse.
    static func parseError(_ bytes: [UInt8], maximumDepth: Int = JSONParser.defaultMaximumDepth) -> JSONParseError? {
        do throws(JSONParseError) {
            _ = try JSONParser.parse(bytes, maximumDepth: maximumDepth)
            return nil
        } catch {
            return error
        }
    }

    /// The parse error for the UTF-8 of `text`, or `nil` if it parses.
    static func parseError(_ text: String, maximumDepth: Int = JSONParser.defaultMaximumDepth) -> JSONParseError? {
        parseError(Array(text.utf8), maximumDepth: maximumDepth)
    }

    /// A parsed number literal.
    static func number(_ text: String) -> JSONNumber? {
        JSONNumber(text: text)
    }
}

/// Builds random JSON values from a seeded generator.
struct JSONRandomValueBuilder {
    var generator: SeededRandomNumberGenerator

    /// Scalars that exercise escaping and every UTF-8 length.
    private static let scalarPool: [Unicode.Scalar] = {
        var pool: [Unicode.Scalar] = []
        for value in UInt32(0x20)...0x7E {
            if let scalar = Unicode.Scalar(value) { pool.append(scalar) }
        }
        for value: UInt32 in [0x00, 0x01, 0x08, 0x09, 0x0A, 0x0C, 0x0D, 0x1F, 0x7F, 0x80, 0xE9, 0x7FF,
                              0x800, 0x2028, 0x2029, 0x20AC, 0x4E2D, 0xFEFF, 0xFFFD, 0xFFFF,
                              0x10000, 0x1F600, 0x1F44D, 0x10FFFF] {
            if let scalar = Unicode.Scalar(value) { pool.append(scalar) }
        }
        pool.append(contentsOf: ["\"", "\\", "/", "\"", "\\"])
        return pool
    }()

    init(seed: UInt64) {
        generator = SeededRandomNumberGenerator(seed: seed)
    }

    mutating func int(_ range: ClosedRange<Int>) -> Int {
        Int.random(in: range, using: &generator)
    }

    mutating func string(maxLength: Int = 12) -> String {
        var result = String.UnicodeScalarView()
        for _ in 0..<int(0...maxLength) {
            result.append(Self.scalarPool[int(0...(Self.scalarPool.count - 1))])
        }
        return String(result)
    }

    /// A number literal built from the RFC 8259 grammar.
    mutating func numberText() -> String {
        var text = int(0...1) == 0 ? "" : "-"
        if int(0...3) == 0 {
            text += "0"
        } else {
            text += String(int(1...9))
            for _ in 0..<int(0...20) { text += String(int(0...9)) }
        }
        if int(0...1) == 0 {
            text += "."
            for _ in 0..<int(1...20) { text += String(int(0...9)) }
        }
        if int(0...2) == 0 {
            text += ["e", "E"][int(0...1)]
            text += ["", "+", "-"][int(0...2)]
            for _ in 0..<int(1...2) { text += String(int(0...9)) }
        }
        return text
    }

    mutating func number() -> JSONNumber {
        switch int(0...2) {
        case 0:
            return JSONNumber(Int64.random(in: Int64.min...Int64.max, using: &generator))
        case 1:
            let double = Double.random(in: -1e12...1e12, using: &generator) * pow10(int(-30...30))
            return JSONNumber(double) ?? JSONNumber(0)
        default:
            return JSONNumber(text: numberText()) ?? JSONNumber(0)
        }
    }

    private func pow10(_ exponent: Int) -> Double {
        var result = 1.0
        for _ in 0..<abs(exponent) { result *= 10 }
        return exponent < 0 ? 1 / result : result
    }

    mutating func value(depth: Int = 0) -> JSONValue {
        switch int(0...(depth >= 4 ? 3 : 5)) {
        case 0:
            return .null
        case 1:
            return .bool(int(0...1) == 1)
        case 2:
            return .number(number())
        case 3:
            return .string(string())
        case 4:
            return .array((0..<int(0...5)).map { _ in value(depth: depth + 1) })
        default:
            var members: [JSONMember] = []
            for _ in 0..<int(0...5) {
                // Reuse an earlier key now and then to cover duplicate names.
                let key = !members.isEmpty && int(0...9) == 0 ? members[0].key : string(maxLength: 6)
                members.append(JSONMember(key, value(depth: depth + 1)))
            }
            return .object(members)
        }
    }
}
