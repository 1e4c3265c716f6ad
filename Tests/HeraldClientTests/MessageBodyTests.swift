import Foundation
@testable import HeraldClient
import Testing

@Suite("Raw payload splicing")
struct MessageBodyTests {
    @Test("the payload bytes inside the body are exactly the given bytes", arguments: [
        #"{ "z":1.50, "a" : [1,2] ,"n":1e3}"#,
        "{\"big\":123456789012345678901234567890,\"text\":\"caf\u{00E9} \\u00e9\"}",
        "\n\t{}\n",
    ])
    func verbatim(_ text: String) throws {
        let payload = Array(text.utf8)
        let body = MessageBody.spliced(eventType: "order.created", payload: payload, eventId: "evt_1")
        let prefix = Array(#"{"eventId":"evt_1","eventType":"order.created","payload":"#.utf8)
        #expect(Array(body.prefix(prefix.count)) == prefix)
        #expect(Array(body[prefix.count..<(body.count - 1)]) == payload)
        #expect(body.last == UInt8(ascii: "}"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any])
        #expect(object["eventType"] as? String == "order.created")
        #expect(object["eventId"] as? String == "evt_1")
        #expect(object["payload"] is [String: Any])
    }

    @Test("event type and id are escaped; no event id means no key")
    func escaping() throws {
        let body = MessageBody.spliced(eventType: "a\"b\\c\n", payload: Array("{}".utf8), eventId: nil)
        #expect(String(decoding: body, as: UTF8.self) == #"{"eventType":"a\"b\\c\n","payload":{}}"#)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any])
        #expect(object["eventType"] as? String == "a\"b\\c\n")
        #expect(object["eventId"] == nil)
    }

    @Test("only one JSON object may be spliced", arguments: [
        ("", false), ("   ", false), ("[1]", false), ("1", false), (#""x""#, false),
        (#"{"a":1}, "eventType": "other""#, false), (#"{"a":1}}"#, false), ("{", false),
        (#"{"a":1}"#, true), (" {\"a\": [1, {\"b\": null}]}\n", true),
    ])
    func validation(_ text: String, _ accepted: Bool) {
        #expect((MessageBody.problem(withPayload: Array(text.utf8)) == nil) == accepted)
    }
}
