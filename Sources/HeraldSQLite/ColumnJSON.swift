import HeraldStore
import Foundation

/// Small JSON columns (metadata, headers) as text.
enum ColumnJSON {
    static func encode(_ value: [String: String]) -> String { StoredText.encode(value) }

    static func decode(_ text: String) -> [String: String] { StoredText.decodeDictionary(text) }

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
    static func encodeSchedule(_ seconds: [Int]?) -> String? { StoredText.encodeSchedule(seconds) }

    /// An endpoint's batching from its two columns; nil when `maxEvents` is NULL (not batched).
    static func decodeBatching(maxEvents: Int?, maxWaitMilliseconds: Int?) -> EndpointBatching? {
        StoredText.decodeBatching(maxEvents: maxEvents, maxWaitMilliseconds: maxWaitMilliseconds)
    }

    static func decodeSchedule(_ text: String?) -> [Int]? { StoredText.decodeSchedule(text) }
}

/// Page reads fetch one row more than asked for, to know whether another page follows.
extension Array {
    func paged<Item>(limit: Int, key: (Element) -> String, map: (Element) -> Item) -> Page<Item> {
        let items = prefix(limit)
        let next = count > limit ? items.last.map(key) : nil
        return Page(items: items.map(map), nextAfter: next)
    }
}
