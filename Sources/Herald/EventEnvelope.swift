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
        var bytes = [UInt8]()
        bytes.reserveCapacity(encodedSizeEstimate(id: nil))
        append(to: &bytes, id: nil)
        return bytes
    }

    /// Appends the envelope as compact JSON to `bytes`; with `id`, it goes first as `"id"` (how
    /// each event of a batch names its message).
    func append(to bytes: inout [UInt8], id: String?) {
        bytes.append(UInt8(ascii: "{"))
        if let id {
            bytes.append(contentsOf: #""id":"#.utf8)
            bytes.append(contentsOf: JSONText.quoted(id).utf8)
            bytes.append(UInt8(ascii: ","))
        }
        bytes.append(contentsOf: #""type":"#.utf8)
        bytes.append(contentsOf: JSONText.quoted(type).utf8)
        bytes.append(contentsOf: #","timestamp":""#.utf8)
        bytes.append(contentsOf: Self.format(timestamp).utf8)
        bytes.append(UInt8(ascii: "\""))
        if let version {
            bytes.append(contentsOf: #","version":"#.utf8)
            bytes.append(contentsOf: JSONText.quoted(version).utf8)
        }
        bytes.append(contentsOf: #","data":"#.utf8)
        bytes.append(contentsOf: data)
        bytes.append(UInt8(ascii: "}"))
    }

    /// Enough bytes for the encoded envelope unless its strings need escapes.
    func encodedSizeEstimate(id: String?) -> Int {
        // {"id":"…",} + {"type":"…","timestamp":"2026-12-01T08:00:00.000Z","version":"…","data":}
        64 + (id.map { $0.utf8.count + 8 } ?? 0) + type.utf8.count + (version?.utf8.count ?? 0) + data.count
    }

    /// RFC 3339 with milliseconds in UTC, e.g. `2026-12-01T08:00:00.000Z`.
    public static func format(_ date: Date) -> String {
        RFC3339.format(milliseconds: Int64((date.timeIntervalSince1970 * 1000).rounded(.down)))
    }
}
