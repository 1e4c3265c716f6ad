import Foundation

/// A compiled `pattern` keyword.
struct JSONSchemaPattern: Sendable {
    /// The pattern as written in the schema.
    let source: String
    /// The compiled expression (ICU syntax, which covers the common ECMA-262 subset).
    let expression: NSRegularExpression

    /// Compiles `source`; returns `nil` if it is not a valid regular expression.
    init?(_ source: String) {
        // ICU refuses the empty pattern, which ECMA-262 reads as matching everywhere.
        guard let expression = try? NSRegularExpression(pattern: source.isEmpty ? "(?:)" : source) else { return nil }
        self.source = source
        self.expression = expression
    }

    /// `true` if the pattern matches anywhere in `string` (patterns are not implicitly anchored).
    func matches(_ string: String) -> Bool {
        let range = NSRange(string.startIndex..<string.endIndex, in: string)
        return expression.firstMatch(in: string, options: [], range: range) != nil
    }
}
