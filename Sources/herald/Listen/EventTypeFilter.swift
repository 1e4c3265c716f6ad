import Foundation
/// `--events`: event type patterns, where `*` matches any run of characters (`order.*`).
/// No pattern lets every type through.
struct EventTypeFilter: Sendable {
    let patterns: [String]

    init(patterns: [String]) {
        self.patterns = patterns.flatMap { $0.split(separator: ",") }.map { String($0).trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// True when `type` matches a pattern, or there is none.
    func matches(_ type: String) -> Bool {
        patterns.isEmpty || patterns.contains { Self.glob($0[...], type[...]) }
    }

    private static func glob(_ pattern: Substring, _ text: Substring) -> Bool {
        guard let first = pattern.first else { return text.isEmpty }
        if first == "*" {
            let rest = pattern.dropFirst()
            var tail = text
            while true {
                if glob(rest, tail) { return true }
                guard !tail.isEmpty else { return false }
                tail = tail.dropFirst()
            }
        }
        guard let head = text.first, head == first else { return false }
        return glob(pattern.dropFirst(), text.dropFirst())
    }
}
