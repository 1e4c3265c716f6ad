import Foundation
import Herald
import HTTPTypes
import NIOCore

/// A webhook request signed the way Herald signs one, to send at a receiver.
struct SignedWebhook {
    var id: String
    var timestamp: Int64
    var body: [UInt8]
    var headers: HTTPFields

    /// A single event `{"type", "timestamp", "version"?, "data"}` signed with `keys` at `timestamp`.
    static func event(id: String = "msg_\(UUID().uuidString)", type: String = "order.created", version: String? = nil,
                      data: String = #"{"order":"ord_1","total":42}"#, keys: [SigningKey],
                      timestamp: Int64 = Int64(Date().timeIntervalSince1970)) -> SignedWebhook {
        let envelope = EventEnvelope(type: type, timestamp: Date(timeIntervalSince1970: 1_796_000_000), version: version, data: Array(data.utf8))
        return signed(id: id, body: envelope.encoded(), keys: keys, timestamp: timestamp)
    }

    /// A batch of `members` (id, type, data) under the batch id `id`.
    static func batch(id: String = "bat_\(UUID().uuidString)", members: [(id: String, type: String, data: String)], keys: [SigningKey],
                      timestamp: Int64 = Int64(Date().timeIntervalSince1970)) -> SignedWebhook {
        let body = EventEnvelope.encodedBatch(members.map { member in
            (member.id, EventEnvelope(type: member.type, timestamp: Date(timeIntervalSince1970: 1_796_000_000), data: Array(member.data.utf8)))
        })
        var request = signed(id: id, body: body, keys: keys, timestamp: timestamp)
        request.headers[HTTPField.Name(WebhookHeaders.batchSize)!] = "\(members.count)"
        return request
    }

    /// `body` signed with `keys` under `id` at `timestamp`.
    static func signed(id: String, body: [UInt8], keys: [SigningKey], timestamp: Int64 = Int64(Date().timeIntervalSince1970)) -> SignedWebhook {
        var headers = HTTPFields()
        for (name, value) in WebhookSigner(keys: keys).headers(id: id, timestamp: timestamp, body: body) {
            headers[HTTPField.Name(name)!] = value
        }
        headers[.contentType] = "application/json"
        return SignedWebhook(id: id, timestamp: timestamp, body: body, headers: headers)
    }

    var buffer: ByteBuffer { ByteBuffer(bytes: body) }
}

/// Fresh keys for a test.
enum TestKeys {
    static func secret() -> WebhookSecret { try! WebhookSecret.generate() }
}
