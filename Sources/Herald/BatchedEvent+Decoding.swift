import Foundation
import HeraldJSON

extension BatchedEvent {
    /// The events of a batch body: a JSON array of objects, each with a non-empty string `"id"`,
    /// a string `"type"`, an RFC 3339 `"timestamp"`, a `"data"` value and, optionally, a string
    /// `"version"`; other members are ignored. Throws ``WebhookVerificationError/Code/invalidBatch``
    /// naming the first problem.
    ///
    /// This only reads the body: verify its signature first (``WebhookVerifier/verifyBatch(body:header:)``
    /// does both).
    public static func decodeBatch<Body: DataProtocol>(_ body: Body) throws(WebhookVerificationError) -> [BatchedEvent] {
        let bytes = Array(body)
        let objects: [[JSONRangedMember]]
        do {
            objects = try JSONParser.parseArrayOfObjectMembers(bytes)
        } catch {
            throw WebhookVerificationError(.invalidBatch, "the batch body is not a JSON array of event envelopes: \(error.message)")
        }
        var events = [BatchedEvent]()
        events.reserveCapacity(objects.count)
        for (index, members) in objects.enumerated() {
            events.append(try event(at: index, members, in: bytes))
        }
        return events
    }

    /// Event `index` of a batch from its object's members (the last of a repeated name wins).
    private static func event(at index: Int, _ members: [JSONRangedMember], in bytes: [UInt8]) throws(WebhookVerificationError) -> BatchedEvent {
        func member(_ name: String) -> JSONRangedMember? { members.last { $0.key == name } }
        func string(_ name: String) throws(WebhookVerificationError) -> String {
            guard let value = member(name)?.value else {
                throw WebhookVerificationError(.invalidBatch, "event \(index) of the batch has no \"\(name)\"")
            }
            guard let text = value.stringValue else {
                throw WebhookVerificationError(.invalidBatch, "\"\(name)\" of event \(index) of the batch is not a string")
            }
            return text
        }
        let id = try string("id")
        guard !id.isEmpty else { throw WebhookVerificationError(.invalidBatch, "\"id\" of event \(index) of the batch is empty") }
        let type = try string("type")
        let timestampText = try string("timestamp")
        guard let milliseconds = RFC3339.parse(timestampText) else {
            throw WebhookVerificationError(.invalidBatch, "\"timestamp\" of event \(index) of the batch is not an RFC 3339 time")
        }
        let version: String?
        if member("version") != nil {
            version = try string("version")
        } else {
            version = nil
        }
        guard let data = member("data") else {
            throw WebhookVerificationError(.invalidBatch, "event \(index) of the batch has no \"data\"")
        }
        return BatchedEvent(id: id, type: type, timestamp: Date(timeIntervalSince1970: Double(milliseconds) / 1000), version: version,
                            data: Array(bytes[data.valueRange]))
    }
}
