import HeraldStore
import Foundation

/// Small JSON columns (metadata, headers) as text.
enum ColumnJSON {
    static func encode(_ value: [String: String]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    static func decode(_ text: String) -> [String: String] {
        // Most endpoints have no custom headers: skip the decoder on the hot path.
        if text == "{}" { return [:] }
        return (try? JSONDecoder().decode([String: String].self, from: Data(text.utf8))) ?? [:]
    }

    /// A JSON array of strings, for `json_each(?)` list arguments.
    static func array(_ values: [String]) -> String {
        "[" + values.map { "\"" + $0.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\"" }
            .joined(separator: ",") + "]"
    }

    /// A JSON array of integers, for `json_each(?)` list arguments.
    static func array(_ values: [Int64]) -> String {
        "[" + values.map(String.init).joined(separator: ",") + "]"
    }

    /// A retry schedule (seconds) as `5,300,1800`, or nil.
    static func encodeSchedule(_ seconds: [Int]?) -> String? {
        seconds.map { $0.map(String.init).joined(separator: ",") }
    }

    /// An endpoint's batching from its two columns; nil when `maxEvents` is NULL (not batched).
    static func decodeBatching(maxEvents: Int?, maxWaitMilliseconds: Int?) -> EndpointBatching? {
        maxEvents.map { EndpointBatching(maxEvents: $0, maxWaitMilliseconds: maxWaitMilliseconds ?? 0) }
    }

    static func decodeSchedule(_ text: String?) -> [Int]? {
        guard let text, !text.isEmpty else { return text == nil ? nil : [] }
        return text.split(separator: ",").compactMap { Int($0) }
    }
}

/// Page reads fetch one row more than asked for, to know whether another page follows.
extension Array {
    func paged<Item>(limit: Int, key: (Element) -> String, map: (Element) -> Item) -> Page<Item> {
        let items = prefix(limit)
        let next = count > limit ? items.last.map(key) : nil
        return Page(items: items.map(map), nextAfter: next)
    }
}
