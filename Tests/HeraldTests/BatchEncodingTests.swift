import Foundation
import Herald
import Testing

/// The body of a batch request, as the sender writes it.
@Suite("Batch encoding")
struct BatchEncodingTests {
    let first = EventEnvelope(type: "order.created", timestamp: Date(timeIntervalSince1970: 1_764_576_000.25), data: Array(#"{ "id":"ord_1", "n":1.50}"#.utf8))
    let second = EventEnvelope(type: "invoice.\"paid\"", timestamp: Date(timeIntervalSince1970: 1_764_576_001), version: "2", data: Array("[1,2]".utf8))

    @Test("a batch is a compact array of envelopes, each with its message id first and its data verbatim")
    func exactBytes() {
        let body = EventEnvelope.encodedBatch([(id: "msg_1", envelope: first), (id: "msg_2", envelope: second)])
        #expect(String(decoding: body, as: UTF8.self) == """
            [{"id":"msg_1","type":"order.created","timestamp":"2025-12-01T08:00:00.250Z","data":{ "id":"ord_1", "n":1.50}},\
            {"id":"msg_2","type":"invoice.\\"paid\\"","timestamp":"2025-12-01T08:00:01.000Z","version":"2","data":[1,2]}]
            """)
    }

    @Test("each element is the envelope encoded with its id, and without the id it is the single request's body")
    func elements() throws {
        let element = first.encoded(id: "msg_1")
        #expect(EventEnvelope.encodedBatch([(id: "msg_1", envelope: first)]) == [UInt8(ascii: "[")] + element + [UInt8(ascii: "]")])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(element)) as? [String: Any])
        #expect(object["id"] as? String == "msg_1")
        var withoutID = object
        withoutID["id"] = nil
        let single = try #require(try JSONSerialization.jsonObject(with: Data(first.encoded())) as? [String: Any])
        #expect(NSDictionary(dictionary: withoutID).isEqual(to: single))
    }

    @Test("an empty batch is an empty array")
    func empty() {
        #expect(EventEnvelope.encodedBatch([]) == Array("[]".utf8))
    }

    @Test("a batch of many parses as that many envelopes")
    func many() throws {
        let members = (0..<1000).map { (id: "msg_\($0)", envelope: EventEnvelope(type: "t.e", timestamp: Date(timeIntervalSince1970: 0), data: Array(#"{"i":\#($0)}"#.utf8))) }
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(EventEnvelope.encodedBatch(members))) as? [[String: Any]])
        #expect(parsed.count == 1000)
        #expect(parsed.map { $0["id"] as? String } == members.map(\.id))
        #expect(parsed.last?["data"] as? [String: Int] == ["i": 999])
    }

    @Test("batch ids are bat_ ULIDs")
    func batchIDs() throws {
        let id = PrefixedIDGenerator.shared.next(.batch)
        #expect(id.rawValue.hasPrefix("bat_"))
        #expect(PrefixedID(id.rawValue, kind: .batch) == id)
        #expect(PrefixedID(id.rawValue, kind: .message) == nil)
    }
}
