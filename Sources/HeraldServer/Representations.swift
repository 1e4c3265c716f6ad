import Foundation
import Herald
import HeraldAPI
import HeraldStore

/// Stored records as the API shows them.
enum Representations {
    static func date(_ milliseconds: Int64) -> Date { Date(timeIntervalSince1970: Double(milliseconds) / 1000) }

    static func application(_ record: ApplicationRecord) -> ApplicationOut {
        ApplicationOut(id: record.id, uid: record.uid, name: record.name, metadata: record.metadata,
                       createdAt: date(record.createdAt), updatedAt: date(record.updatedAt))
    }

    /// An event type as JSON, written by hand so that its schema goes out as the exact text it
    /// was stored as (a `maximum` of 9007199254740993 stays that); keys sorted as the encoder sorts them.
    static func eventTypeJSON(_ record: EventTypeRecord) -> [UInt8] {
        var text = "{\"createdAt\":\"" + RFC3339.format(milliseconds: record.createdAt) + "\""
        text += ",\"deprecated\":" + (record.deprecated ? "true" : "false")
        text += ",\"description\":" + JSONText.quoted(record.description)
        text += ",\"name\":" + JSONText.quoted(record.name)
        text += ",\"schema\":" + (record.schema ?? "null")
        text += ",\"updatedAt\":\"" + RFC3339.format(milliseconds: record.updatedAt) + "\""
        text += ",\"version\":" + (record.version.map(JSONText.quoted) ?? "null") + "}"
        return Array(text.utf8)
    }

    /// `{"data": [event types…], "nextCursor": …}` with each schema exact.
    static func eventTypeListJSON(_ page: Page<EventTypeRecord>) -> [UInt8] {
        listJSON(page.items.map(eventTypeJSON), nextAfter: page.nextAfter)
    }

    static func endpoint(_ record: EndpointRecord) -> EndpointOut {
        EndpointOut(id: record.id, appId: record.appID, url: record.url, description: record.description, eventTypes: record.eventTypes,
                    disabled: record.disabled, rateLimit: record.rateLimit, headers: record.headers,
                    retrySchedule: record.retryScheduleSeconds.map { $0.map(duration) },
                    batch: record.batch.map { EndpointBatchOptions(maxEvents: $0.maxEvents, maxWaitMs: $0.maxWaitMilliseconds) },
                    timeoutMs: record.timeoutMilliseconds,
                    createdAt: date(record.createdAt), updatedAt: date(record.updatedAt))
    }

    /// `30s`, `5m`, `2h`, `1d`: the largest unit that divides the seconds.
    static func duration(_ seconds: Int) -> String {
        for (unit, size) in [("d", 86400), ("h", 3600), ("m", 60)] where seconds >= size && seconds % size == 0 {
            return "\(seconds / size)\(unit)"
        }
        return "\(seconds)s"
    }

    static func attempt(_ record: AttemptRecord) -> AttemptOut {
        AttemptOut(id: record.id, messageId: record.messageID, endpointId: record.endpointID, attemptNumber: record.attemptNumber,
                   trigger: record.trigger.rawValue, status: record.succeeded ? "succeeded" : "failed", responseStatusCode: record.responseStatus,
                   errorKind: record.errorKind, errorMessage: record.errorMessage, responseBody: String(decoding: record.responseBody, as: UTF8.self),
                   responseContentType: record.responseContentType, startedAt: date(record.startedAt), durationMs: record.durationMilliseconds,
                   batchId: record.batchID)
    }

    static func secrets(_ records: [EndpointSecretRecord]) -> EndpointSecretOut {
        let current = records.first { $0.expiresAt == nil } ?? records.first
        let previous = records.compactMap { record -> EndpointSecretOut.PreviousSecret? in
            guard let expiresAt = record.expiresAt else { return nil }
            return .init(key: record.key, expiresAt: date(expiresAt))
        }
        return EndpointSecretOut(key: current?.key ?? "", previous: previous)
    }

    /// A message as JSON, written by hand: this answers every accepted message, and the
    /// payload goes in as the stored bytes, untouched.
    static func messageJSON(_ record: MessageRecord) -> [UInt8] {
        var head = "{\"id\":" + JSONText.quoted(record.id)
            + ",\"appId\":" + JSONText.quoted(record.appID)
            + ",\"eventType\":" + JSONText.quoted(record.eventType)
        if let eventID = record.eventID { head += ",\"eventId\":" + JSONText.quoted(eventID) }
        if let version = record.version { head += ",\"version\":" + JSONText.quoted(version) }
        head += ",\"createdAt\":\"" + RFC3339.format(milliseconds: record.createdAt) + "\",\"payload\":"
        var bytes = [UInt8]()
        bytes.reserveCapacity(head.utf8.count + record.payload.count + 1)
        bytes.append(contentsOf: head.utf8)
        bytes.append(contentsOf: record.payload)
        bytes.append(UInt8(ascii: "}"))
        return bytes
    }

    /// `{"data": [messages…], "nextCursor": …}` with each payload raw.
    static func messageListJSON(_ page: Page<MessageRecord>) -> [UInt8] {
        listJSON(page.items.map(messageJSON), nextAfter: page.nextAfter)
    }

    /// A list document around items already written as JSON.
    private static func listJSON(_ items: [[UInt8]], nextAfter: String?) -> [UInt8] {
        var bytes = Array(#"{"data":["#.utf8)
        for (index, item) in items.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            bytes.append(contentsOf: item)
        }
        bytes.append(contentsOf: #"],"nextCursor":"#.utf8)
        if let cursor = Pagination.encode(nextAfter) {
            bytes.append(contentsOf: ("\"" + cursor + "\"").utf8)
        } else {
            bytes.append(contentsOf: "null".utf8)
        }
        bytes.append(UInt8(ascii: "}"))
        return bytes
    }
}
