import Foundation
import Hummingbird

/// The fields of an `application/x-www-form-urlencoded` body: every value of every name, in order.
struct FormFields: Sendable {
    private(set) var values: [String: [String]] = [:]

    /// The largest form accepted (a message's payload is the largest field).
    static let maximumBytes = 1 << 20

    init(_ text: String) {
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = Self.decode(parts[0])
            let value = parts.count > 1 ? Self.decode(parts[1]) : ""
            values[name, default: []].append(value)
        }
    }

    /// Reads a request's form body, or throws a page error when it is too large.
    static func read(_ request: Request) async throws -> FormFields {
        do {
            let buffer = try await request.body.collect(upTo: maximumBytes)
            return FormFields(String(decoding: buffer.readableBytesView, as: UTF8.self))
        } catch {
            throw PageError(status: .contentTooLarge, message: "the form is larger than \(maximumBytes / 1024) KiB")
        }
    }

    /// The first value of `name`, trimmed; nil when absent or empty.
    subscript(_ name: String) -> String? {
        guard let value = values[name]?.first?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else { return nil }
        return value
    }

    /// Every value of `name` (checkboxes), empty ones left out.
    func all(_ name: String) -> [String] {
        (values[name] ?? []).filter { !$0.isEmpty }
    }

    /// The first value of `name`, untrimmed (a payload keeps its whitespace).
    func raw(_ name: String) -> String? {
        values[name]?.first
    }

    private static func decode(_ text: Substring) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }
}
