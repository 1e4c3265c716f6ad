import Foundation
import Herald

/// Builds the body of `POST /api/v1/apps/{app}/messages` around a payload given as raw JSON
/// bytes, which are spliced in untouched: key order, spacing and number spelling arrive at
/// the server exactly as given.
enum MessageBody {
    /// `{"eventId":…,"eventType":…,"payload":<payload>}` (`eventId` only when given).
    static func spliced(eventType: String, payload: [UInt8], eventId: String?) -> [UInt8] {
        var head = "{"
        if let eventId {
            head += "\"eventId\":" + JSONText.quoted(eventId) + ","
        }
        head += "\"eventType\":" + JSONText.quoted(eventType) + ",\"payload\":"
        var body = Array(head.utf8)
        body.reserveCapacity(body.count + payload.count + 1)
        body.append(contentsOf: payload)
        body.append(UInt8(ascii: "}"))
        return body
    }

    /// Nil when `payload` is exactly one JSON object (whitespace around it allowed), otherwise
    /// why not: splicing anything else would make a body that means something else.
    static func problem(withPayload payload: [UInt8]) -> String? {
        let parsed: Any
        do {
            parsed = try JSONSerialization.jsonObject(with: Data(payload), options: [.fragmentsAllowed])
        } catch {
            return "the payload is not valid JSON"
        }
        return parsed is [String: Any] ? nil : "the payload must be a JSON object"
    }
}
