import Foundation

/// How stores keep the small structured values of their records (metadata, custom headers, a
/// retry schedule) in text columns: one format for every store, so a database can be read the
/// same way whichever store wrote it.
public enum StoredText {
    /// A string dictionary as JSON with sorted keys.
    public static func encode(_ value: [String: String]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    /// The dictionary ``encode(_:)`` wrote (empty for anything else).
    public static func decodeDictionary(_ text: String) -> [String: String] {
        // Most endpoints have no custom headers: skip the decoder on the hot path.
        if text == "{}" { return [:] }
        return (try? JSONDecoder().decode([String: String].self, from: Data(text.utf8))) ?? [:]
    }

    /// Headers in order as a JSON array of `{"name", "value"}`.
    public static func encode(_ headers: [StoredHeader]) -> String {
        (try? JSONEncoder().encode(headers)).map { String(decoding: $0, as: UTF8.self) } ?? "[]"
    }

    /// The headers ``encode(_:)`` wrote (empty for anything else).
    public static func decodeHeaders(_ text: String) -> [StoredHeader] {
        (try? JSONDecoder().decode([StoredHeader].self, from: Data(text.utf8))) ?? []
    }

    /// A retry schedule (seconds) as `5,300,1800`, or nil.
    public static func encodeSchedule(_ seconds: [Int]?) -> String? {
        seconds.map { $0.map(String.init).joined(separator: ",") }
    }

    /// The schedule ``encodeSchedule(_:)`` wrote.
    public static func decodeSchedule(_ text: String?) -> [Int]? {
        guard let text, !text.isEmpty else { return text == nil ? nil : [] }
        return text.split(separator: ",").compactMap { Int($0) }
    }

    /// An endpoint's batching from its two columns; nil when `maxEvents` is NULL (not batched).
    public static func decodeBatching(maxEvents: Int?, maxWaitMilliseconds: Int?) -> EndpointBatching? {
        maxEvents.map { EndpointBatching(maxEvents: $0, maxWaitMilliseconds: maxWaitMilliseconds ?? 0) }
    }
}
