import Foundation
import Herald
import HeraldJSON

/// Reads a single webhook's verified body as an event: Herald's envelope
/// (`{"type", "timestamp", "version"?, "data"}`), or any Standard Webhooks sender's JSON object
/// with a string `"type"` — without `"data"` the whole object is the data, without a readable
/// `"timestamp"` the request's `webhook-timestamp` stands in.
enum EnvelopeDecoding {
    static func event(body: [UInt8], requestID: String, requestTimestamp: Int64) throws(ReceiverRejection) -> ReceivedEvent {
        let members: [JSONRangedMember]
        do {
            members = try JSONParser.parseObjectMembers(body)
        } catch {
            throw ReceiverRejection(.malformedBody, "the body is not a JSON object: \(error.message)")
        }
        func member(_ name: String) -> JSONRangedMember? { members.last { $0.key == name } }
        guard let type = member("type")?.value.stringValue, !type.isEmpty else {
            throw ReceiverRejection(.malformedBody, "the body has no string \"type\" naming the event type")
        }
        var version: String?
        if let value = member("version") {
            guard let text = value.value.stringValue else {
                throw ReceiverRejection(.malformedBody, "\"version\" is not a string")
            }
            version = text
        }
        let milliseconds = member("timestamp")?.value.stringValue.flatMap(RFC3339.parse) ?? requestTimestamp * 1000
        let data = member("data").map { Array(body[$0.valueRange]) } ?? body
        return ReceivedEvent(id: requestID, requestID: requestID, type: type, version: version,
                             timestamp: Date(timeIntervalSince1970: Double(milliseconds) / 1000), data: data)
    }

    static func events(of batch: VerifiedBatch) -> [ReceivedEvent] {
        batch.events.map { event in
            ReceivedEvent(id: event.id, requestID: batch.id, type: event.type, version: event.version, timestamp: event.timestamp, data: event.data)
        }
    }
}
