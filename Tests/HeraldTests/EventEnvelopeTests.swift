import Foundation
import Herald
import Testing

@Suite("Event envelope")
struct EventEnvelopeTests {
    @Test("data keeps its exact bytes: spacing, key order, number spelling")
    func dataVerbatim() throws {
        let data = Array(#"{ "z":1.50, "a" : [1,2] ,"n":1e3}"#.utf8)
        let envelope = EventEnvelope(type: "order.created", timestamp: Date(timeIntervalSince1970: 1_764_576_000.25), data: data)
        let text = String(decoding: envelope.encoded(), as: UTF8.self)
        #expect(text == #"{"type":"order.created","timestamp":"2025-12-01T08:00:00.250Z","data":{ "z":1.50, "a" : [1,2] ,"n":1e3}}"#)
        let parsed = try JSONSerialization.jsonObject(with: Data(envelope.encoded())) as? [String: Any]
        #expect(parsed?["type"] as? String == "order.created")
    }

    @Test("version appears when the event type has one, and strings are escaped")
    func versionAndEscaping() throws {
        let envelope = EventEnvelope(type: "a\"b", timestamp: Date(timeIntervalSince1970: 0), version: "2024-01\n", data: Array("{}".utf8))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(envelope.encoded())) as? [String: Any])
        #expect(object["type"] as? String == "a\"b")
        #expect(object["version"] as? String == "2024-01\n")
        #expect(object["timestamp"] as? String == "1970-01-01T00:00:00.000Z")
    }

    @Test("RFC 3339 formatting agrees with Foundation and parses back", arguments: [Int64(0), 951_782_400_123, 1_764_576_000_999, 4_102_444_800_000, -86_400_001])
    func rfc3339(_ milliseconds: Int64) throws {
        let text = RFC3339.format(milliseconds: milliseconds)
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let date = try #require(formatter.date(from: text))
        #expect(Int64((date.timeIntervalSince1970 * 1000).rounded()) == milliseconds)
        #expect(RFC3339.parse(text) == milliseconds)
    }

    @Test("RFC 3339 parsing takes offsets and refuses junk")
    func rfc3339Parsing() {
        #expect(RFC3339.parse("2026-12-01T09:00:00+01:00") == RFC3339.parse("2026-12-01T08:00:00Z"))
        #expect(RFC3339.parse("2026-12-01T08:00:00.5Z") == RFC3339.parse("2026-12-01T08:00:00Z")! + 500)
        #expect(RFC3339.parse("2028-02-29T00:00:00Z") != nil, "a leap day")
        #expect(RFC3339.parse("2000-02-29T00:00:00Z") != nil, "a leap day of a year divisible by 400")
        #expect(RFC3339.parse("2026-12-01T08:00:00-23:59") != nil)
        for junk in ["", "2026-12-01", "2026-13-01T00:00:00Z", "2026-12-01T08:00:00", "2026-12-01T08:00:00Zjunk", "2026-12-01T08:00:00.Z",
                     "2026-02-29T00:00:00Z", "1900-02-29T00:00:00Z", "2026-04-31T00:00:00Z", "2026-12-01T08:00:00+24:00", "2026-12-01T08:00:00-01:60"] {
            #expect(RFC3339.parse(junk) == nil, "\(junk)")
        }
    }
}
