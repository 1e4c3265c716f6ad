/// The byte-level RFC 8259 parser behind ``JSONParser``.
///
/// It reads straight from an `UnsafeBufferPointer` that the caller keeps alive,
/// parses nested containers with an explicit stack (so nesting never recurses),
/// and reuses one scratch buffer for strings that contain escapes.
struct JSONParsingCursor {
    /// The whole input.
    let input: UnsafeBufferPointer<UInt8>
    /// The index of the next unread byte.
    var position: Int = 0
    /// The maximum number of nested arrays and objects.
    let maximumDepth: Int
    /// Reusable storage for decoding escaped strings.
    var scratch: [UInt8] = []

    /// Where a value is expected; selects the wording of errors.
    enum ValueContext {
        /// The top-level value.
        case document
        /// After `:` in an object.
        case memberValue
        /// Directly after `[`.
        case firstElement
        /// After `,` in an array.
        case nextElement

        /// What the parser was looking for.
        var expectation: String {
            switch self {
            case .document: return "expected a JSON value"
            case .memberValue: return "expected a JSON value after ':'"
            case .firstElement: return "expected a JSON value or ']' after '['"
            case .nextElement: return "expected a JSON value after ',' in an array"
            }
        }
    }

    /// An array or object whose contents are still being parsed.
    private struct Frame {
        /// `true` for an object, `false` for an array.
        var isObject: Bool
        /// Elements parsed so far (arrays).
        var elements: [JSONValue] = []
        /// Members parsed so far (objects).
        var members: [JSONMember] = []
        /// The key of the member whose value is being parsed (objects).
        var pendingKey: String = ""
    }

    /// Creates a cursor at the start of `input`.
    init(input: UnsafeBufferPointer<UInt8>, maximumDepth: Int) {
        self.input = input
        self.maximumDepth = maximumDepth
    }

    // MARK: Documents

    /// Parses a complete document: one value surrounded by optional whitespace.
    mutating func parseDocument() throws(JSONParseError) -> JSONValue {
        skipWhitespace()
        let value = try parseValue(depth: 0, context: .document)
        try expectEndOfInput()
        return value
    }

    /// Parses a document that must be an object and reports each member with
    /// the byte range of its value.
    mutating func parseObjectMembers() throws(JSONParseError) -> [JSONRangedMember] {
        skipWhitespace()
        let members = try parseRangedObject(depth: 1, expectation: "expected '{' to begin a JSON object")
        try expectEndOfInput()
        return members
    }

    /// Parses a document that must be an array of objects and reports each object's members
    /// with the byte ranges of their values (offsets into the whole input).
    mutating func parseArrayOfObjectMembers() throws(JSONParseError) -> [[JSONRangedMember]] {
        skipWhitespace()
        let expectation = "expected '[' to begin a JSON array"
        guard position < input.count else { throw endOfInputError(expectation) }
        guard input[position] == UInt8(ascii: "[") else {
            throw error(.notAnArray, expectation, at: position)
        }
        try checkDepth(1)
        position += 1
        skipWhitespace()
        var result: [[JSONRangedMember]] = []
        if position < input.count, input[position] == UInt8(ascii: "]") {
            position += 1
        } else {
            while true {
                let elementExpectation = "expected '{' to begin object \(result.count) of the array"
                result.append(try parseRangedObject(depth: 2, expectation: elementExpectation))
                skipWhitespace()
                let nextExpectation = "expected ',' or ']' after an array element"
                guard position < input.count else { throw endOfInputError(nextExpectation) }
                let byte = input[position]
                if byte == UInt8(ascii: ",") {
                    position += 1
                    skipWhitespace()
                } else if byte == UInt8(ascii: "]") {
                    position += 1
                    break
                } else {
                    throw error(.unexpectedCharacter, nextExpectation, at: position)
                }
            }
        }
        try expectEndOfInput()
        return result
    }

    /// Parses the object that starts at `position` (whitespace already skipped), whose braces
    /// open nesting level `depth`, reporting each member with the byte range of its value; leaves
    /// `position` just after the closing brace.
    private mutating func parseRangedObject(depth: Int, expectation: String) throws(JSONParseError) -> [JSONRangedMember] {
        guard position < input.count else { throw endOfInputError(expectation) }
        guard input[position] == UInt8(ascii: "{") else {
            throw error(.notAnObject, expectation, at: position)
        }
        try checkDepth(depth)
        position += 1
        skipWhitespace()
        var result: [JSONRangedMember] = []
        var keyExpectation = "expected a string key or '}' after '{'"
        if position < input.count, input[position] == UInt8(ascii: "}") {
            position += 1
            return result
        }
        while true {
            let key = try parseKeyAndColon(keyExpectation)
            let start = position
            let value = try parseValue(depth: depth, context: .memberValue)
            result.append(JSONRangedMember(key: key, value: value, valueRange: start..<position))
            skipWhitespace()
            let memberExpectation = "expected ',' or '}' after an object member"
            guard position < input.count else { throw endOfInputError(memberExpectation) }
            let byte = input[position]
            if byte == UInt8(ascii: ",") {
                position += 1
                skipWhitespace()
                keyExpectation = "expected a string key after ',' in an object"
            } else if byte == UInt8(ascii: "}") {
                position += 1
                return result
            } else {
                throw error(.unexpectedCharacter, memberExpectation, at: position)
            }
        }
    }

    /// Fails unless only whitespace remains.
    private mutating func expectEndOfInput() throws(JSONParseError) {
        skipWhitespace()
        if position < input.count {
            throw error(.trailingContent, "expected end of input after the JSON value", at: position)
        }
    }

    // MARK: Values

    /// Parses one value starting exactly at `position` (whitespace already
    /// skipped) and leaves `position` just after it. `depth` is the number of
    /// containers already open around the value.
    mutating func parseValue(depth: Int, context initialContext: ValueContext) throws(JSONParseError) -> JSONValue {
        var stack: [Frame] = []
        var context = initialContext
        nextValue: while true {
            guard position < input.count else { throw endOfInputError(context.expectation) }
            var value: JSONValue
            switch input[position] {
            case UInt8(ascii: "\""):
                value = .string(try parseString())
            case UInt8(ascii: "{"):
                try checkDepth(depth + stack.count + 1)
                position += 1
                skipWhitespace()
                if position < input.count, input[position] == UInt8(ascii: "}") {
                    position += 1
                    value = .object([])
                } else {
                    let key = try parseKeyAndColon("expected a string key or '}' after '{'")
                    stack.append(Frame(isObject: true, pendingKey: key))
                    context = .memberValue
                    continue nextValue
                }
            case UInt8(ascii: "["):
                try checkDepth(depth + stack.count + 1)
                position += 1
                skipWhitespace()
                if position < input.count, input[position] == UInt8(ascii: "]") {
                    position += 1
                    value = .array([])
                } else {
                    stack.append(Frame(isObject: false))
                    context = .firstElement
                    continue nextValue
                }
            case UInt8(ascii: "t"):
                try expectLiteral("true")
                value = .bool(true)
            case UInt8(ascii: "f"):
                try expectLiteral("false")
                value = .bool(false)
            case UInt8(ascii: "n"):
                try expectLiteral("null")
                value = .null
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                value = .number(try parseNumber())
            default:
                throw error(.unexpectedCharacter, context.expectation, at: position)
            }

            // Hand the finished value to the enclosing containers, closing
            // every container that ends right after it.
            while !stack.isEmpty {
                let top = stack.count - 1
                skipWhitespace()
                if stack[top].isObject {
                    stack[top].members.append(JSONMember(stack[top].pendingKey, value))
                    let expectation = "expected ',' or '}' after an object member"
                    guard position < input.count else { throw endOfInputError(expectation) }
                    let byte = input[position]
                    if byte == UInt8(ascii: ",") {
                        position += 1
                        skipWhitespace()
                        stack[top].pendingKey = try parseKeyAndColon("expected a string key after ',' in an object")
                        context = .memberValue
                        continue nextValue
                    } else if byte == UInt8(ascii: "}") {
                        position += 1
                        value = .object(stack.removeLast().members)
                    } else {
                        throw error(.unexpectedCharacter, expectation, at: position)
                    }
                } else {
                    stack[top].elements.append(value)
                    let expectation = "expected ',' or ']' after an array element"
                    guard position < input.count else { throw endOfInputError(expectation) }
                    let byte = input[position]
                    if byte == UInt8(ascii: ",") {
                        position += 1
                        skipWhitespace()
                        context = .nextElement
                        continue nextValue
                    } else if byte == UInt8(ascii: "]") {
                        position += 1
                        value = .array(stack.removeLast().elements)
                    } else {
                        throw error(.unexpectedCharacter, expectation, at: position)
                    }
                }
            }
            return value
        }
    }

    /// Parses `"key"`, the `:` after it and the whitespace around it.
    private mutating func parseKeyAndColon(_ expectation: String) throws(JSONParseError) -> String {
        guard position < input.count else { throw endOfInputError(expectation) }
        guard input[position] == UInt8(ascii: "\"") else {
            throw error(.unexpectedCharacter, expectation, at: position)
        }
        let key = try parseString()
        skipWhitespace()
        let colonExpectation = "expected ':' after an object key"
        guard position < input.count else { throw endOfInputError(colonExpectation) }
        guard input[position] == UInt8(ascii: ":") else {
            throw error(.unexpectedCharacter, colonExpectation, at: position)
        }
        position += 1
        skipWhitespace()
        return key
    }

    /// Fails when opening a container would exceed the maximum depth.
    private func checkDepth(_ depth: Int) throws(JSONParseError) {
        if depth > maximumDepth {
            throw error(.nestingTooDeep, "nesting depth exceeds the maximum of \(maximumDepth)", at: position)
        }
    }

    /// Consumes `literal` (`true`, `false` or `null`), whose first byte is at `position`.
    private mutating func expectLiteral(_ literal: StaticString) throws(JSONParseError) {
        let expectation = "expected '\(literal)'"
        let length = literal.utf8CodeUnitCount
        let bytes = literal.utf8Start
        for index in 0..<length {
            let offset = position + index
            guard offset < input.count else { throw endOfInputError(expectation) }
            if input[offset] != bytes[index] {
                throw error(.invalidLiteral, expectation, at: offset)
            }
        }
        position += length
    }

    // MARK: Whitespace

    /// Skips spaces, tabs, line feeds and carriage returns.
    @inline(__always)
    mutating func skipWhitespace() {
        while position < input.count {
            let byte = input[position]
            guard byte <= 0x20,
                  byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
            else { return }
            position += 1
        }
    }
}
