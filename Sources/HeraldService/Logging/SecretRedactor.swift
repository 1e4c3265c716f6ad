import Foundation

/// The last guard against a secret in a log line: every message and metadata value passes
/// through it before it is written. It blanks out signing secrets and keys (`whsec_…`,
/// `whsk_…`), signatures (`v1,…`, `v1a,…`), bearer tokens, and the literal secrets the process
/// was configured with (the API token, the metrics token, the database password). Herald's own
/// code never logs any of these; this catches what a dependency or a future change might.
public struct SecretRedactor: Sendable {
    /// Secrets to blank out wherever they appear (at least 8 characters each).
    let literals: [String]

    /// A redactor for these literal secrets (and the patterns above).
    public init(literals: [String] = []) {
        self.literals = literals.filter { $0.utf8.count >= 8 }
    }

    static let replacement = "[redacted]"
    /// Prefixes whose rest of the token is secret.
    static let prefixes = ["whsec_", "whsk_", "v1,", "v1a,", "Bearer ", "bearer "]

    /// `text` with every secret replaced by `[redacted]`.
    public func redact(_ text: String) -> String {
        var result = text
        for literal in literals where result.contains(literal) {
            result = result.replacingOccurrences(of: literal, with: Self.replacement)
        }
        for prefix in Self.prefixes where result.contains(prefix) {
            result = Self.blankAfter(prefix, in: result)
        }
        return result
    }

    /// Replaces the token that follows each `prefix` (up to a space, quote, comma or bracket).
    static func blankAfter(_ prefix: String, in text: String) -> String {
        var output = ""
        var rest = Substring(text)
        while let range = rest.range(of: prefix) {
            output += rest[..<range.upperBound]
            var end = range.upperBound
            while end < rest.endIndex, !" \t\n\"',;)]}&".contains(rest[end]) { end = rest.index(after: end) }
            if end > range.upperBound { output += replacement }
            rest = rest[end...]
        }
        return output + rest
    }
}
