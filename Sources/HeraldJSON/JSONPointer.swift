/// RFC 6901 JSON pointer helpers.
enum JSONPointer {
    /// One step of a pointer: an object member name or an array index.
    enum Token {
        /// An object member name (unescaped).
        case key(String)
        /// An array index.
        case index(Int)
    }

    /// `token` with `~` written as `~0` and `/` as `~1`.
    static func escape(_ token: String) -> String {
        guard token.utf8.contains(where: { $0 == UInt8(ascii: "~") || $0 == UInt8(ascii: "/") }) else {
            return token
        }
        var result = ""
        result.reserveCapacity(token.utf8.count + 4)
        for character in token.unicodeScalars {
            switch character {
            case "~": result += "~0"
            case "/": result += "~1"
            default: result.unicodeScalars.append(character)
            }
        }
        return result
    }

    /// The pointer text for `tokens`; the empty string for the root.
    static func string(_ tokens: [Token]) -> String {
        var result = ""
        for token in tokens {
            result += "/"
            switch token {
            case .key(let key): result += escape(key)
            case .index(let index): result += String(index)
            }
        }
        return result
    }
}
