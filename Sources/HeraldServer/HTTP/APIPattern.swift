import Foundation

/// A regular expression that a value must match as a whole, written in the common subset of
/// ECMA-262 and ICU syntax so that the very same text can stand as a `pattern` in the OpenAPI
/// document: the document and the server then accept the same values.
struct APIPattern: Sendable {
    /// The expression as written in the document.
    let source: String
    private let expression: NSRegularExpression

    /// Compiles `source`; a pattern that does not compile is a programming error.
    init(_ source: String) {
        do {
            expression = try NSRegularExpression(pattern: source)
        } catch {
            preconditionFailure("API pattern \(source) does not compile: \(error)")
        }
        self.source = source
    }

    /// True when the match spans all of `text` (a `$` before a final newline, which ICU and
    /// Python allow but ECMA-262 does not, leaves the newline out and so does not count).
    func matches(_ text: String) -> Bool {
        let whole = NSRange(text.startIndex..<text.endIndex, in: text)
        guard let match = expression.firstMatch(in: text, options: [.anchored], range: whole) else { return false }
        return match.range == whole
    }
}
