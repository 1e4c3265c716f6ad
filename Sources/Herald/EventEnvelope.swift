import Foundation

/// The JSON document a webhook request carries: `{"type", "timestamp", "data"}` and, when
/// the event type is versioned, `"version"`.
///
/// `data` is spliced in as the producer sent it, byte for byte, so that what the receiver
/// verifies and parses is exactly what the producer stored.
public struct EventEnvelope: Sendable, Equatable {
    /// The event type, such as `order.created`.
    public let type: String
    /// When the event happened.
    public let timestamp: Date
    /// The event type's version, if it has one.
    public let version: String?
    /// The producer's JSON payload, as raw bytes.
    public let data: [UInt8]

    /// An envelope around raw JSON `data`.
    public init(type: String, timestamp: Date, version: String? = nil, data: [UInt8]) {
        self.type = type
        self.timestamp = timestamp
        self.version = version
        self.data = data
    }

    /// The request body: compact JSON with `data` copied verbatim.
    public func encoded() -> [UInt8] {
        var head = "{\"type\":" + JSONText.quoted(type) + ",\"timestamp\":" + JSONText.quoted(Self.format(timestamp))
        if let version { head += ",\"version\":" + JSONText.quoted(version) }
        head += ",\"data\":"
        var bytes = [UInt8]()
        bytes.reserveCapacity(head.utf8.count + data.count + 1)
        bytes.append(contentsOf: head.utf8)
        bytes.append(contentsOf: data)
        bytes.append(UInt8(ascii: "}"))
        return bytes
    }

    /// RFC 3339 with milliseconds in UTC, e.g. `2026-12-01T08:00:00.000Z`.
    public static func format(_ date: Date) -> String {
        RFC3339.format(milliseconds: Int64((date.timeIntervalSince1970 * 1000).rounded(.down)))
    }
}
