import Foundation
import HeraldAPI
import HeraldStore

/// Stored records as the API shows them.
enum Representations {
    static func date(_ milliseconds: Int64) -> Date { Date(timeIntervalSince1970: Double(milliseconds) / 1000) }

    static func application(_ record: ApplicationRecord) -> ApplicationOut {
        ApplicationOut(id: record.id, uid: record.uid, name: record.name, metadata: record.metadata,
                       createdAt: date(record.createdAt), updatedAt: date(record.updatedAt))
    }

    static func eventType(_ record: EventTypeRecord) -> EventTypeOut {
        let schema = record.schema.flatMap { try? JSONDecoder().decode(AnyJSON.self, from: Data($0.utf8)) }
        return EventTypeOut(name: record.name, description: record.description, schema: schema, deprecated: record.deprecated,
                            version: record.version, createdAt: date(record.createdAt), updatedAt: date(record.updatedAt))
    }

    static func endpoint(_ record: EndpointRecord) -> EndpointOut {
        EndpointOut(id: record.id, appId: record.appID, url: record.url, description: record.description, eventTypes: record.eventTypes,
                    disabled: record.disabled, rateLimit: record.rateLimit, headers: record.headers,
                    createdAt: date(record.createdAt), updatedAt: date(record.updatedAt))
    }

    static func secrets(_ records: [EndpointSecretRecord]) -> EndpointSecretOut {
        let current = records.first { $0.expiresAt == nil } ?? records.first
        let previous = records.compactMap { record -> EndpointSecretOut.PreviousSecret? in
            guard let expiresAt = record.expiresAt else { return nil }
            return .init(key: record.key, expiresAt: date(expiresAt))
        }
        return EndpointSecretOut(key: current?.key ?? "", previous: previous)
    }

    /// A message's metadata; the payload is spliced in raw by ``JSONResponse/encodedWithPayload(_:payload:)``.
    struct MessageHead: Encodable {
        let id: String
        let appId: String
        let eventType: String
        let eventId: String?
        let version: String?
        let createdAt: Date
    }

    static func messageJSON(_ record: MessageRecord) -> [UInt8] {
        let head = MessageHead(id: record.id, appId: record.appID, eventType: record.eventType, eventId: record.eventID,
                               version: record.version, createdAt: date(record.createdAt))
        return JSONResponse.encodedWithPayload(head, payload: record.payload)
    }

    /// `{"data": [messages…], "nextCursor": …}` with each payload raw.
    static func messageListJSON(_ page: Page<MessageRecord>) -> [UInt8] {
        var bytes = Array(#"{"data":["#.utf8)
        for (index, record) in page.items.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            bytes.append(contentsOf: messageJSON(record))
        }
        bytes.append(contentsOf: #"],"nextCursor":"#.utf8)
        if let cursor = Pagination.encode(page.nextAfter) {
            bytes.append(contentsOf: ("\"" + cursor + "\"").utf8)
        } else {
            bytes.append(contentsOf: "null".utf8)
        }
        bytes.append(UInt8(ascii: "}"))
        return bytes
    }
}
