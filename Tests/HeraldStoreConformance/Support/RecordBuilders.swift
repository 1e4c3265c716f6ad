import Herald
import HeraldStore

/// Records as Herald's API would make them at a given time, with defaults for what a case does
/// not care about.
enum Make {
    /// An application created at `time`.
    static func application(at time: Int64, uid: String? = nil, name: String = "Acme Billing",
                            metadata: [String: String] = [:]) -> ApplicationRecord {
        ApplicationRecord(id: newID(.application, at: time), uid: uid, name: name, metadata: metadata, createdAt: time, updatedAt: time)
    }

    /// An endpoint of `appID` created at `time`; an empty `eventTypes` receives every type.
    static func endpoint(of appID: String, at time: Int64, eventTypes: [String] = [], disabled: Bool = false) -> EndpointRecord {
        let id = newID(.endpoint, at: time)
        return EndpointRecord(id: id, appID: appID, url: "https://receiver.example/hooks/\(id)", description: "", eventTypes: eventTypes,
                              disabled: disabled, rateLimit: nil, headers: [:], createdAt: time, updatedAt: time)
    }

    /// A current (unexpiring) signing secret created at `time`.
    static func secret(at time: Int64) -> EndpointSecretRecord {
        EndpointSecretRecord(key: "whsec_" + String(UInt64.random(in: .min ... .max), radix: 36), expiresAt: nil, createdAt: time)
    }

    /// An event type created at `time`, without schema or version.
    static func eventType(_ name: String, at time: Int64) -> EventTypeRecord {
        EventTypeRecord(name: name, description: "", schema: nil, deprecated: false, version: nil, createdAt: time, updatedAt: time)
    }

    /// A message to `appID` created at `time`.
    static func message(to appID: String, at time: Int64, eventType: String = "invoice.paid", eventID: String? = nil) -> MessageRecord {
        MessageRecord(id: newID(.message, at: time), appID: appID, eventType: eventType, eventID: eventID, version: nil,
                      payload: Array(#"{"invoice":"in_1","amount":1250}"#.utf8), createdAt: time)
    }

    /// A submission of `message`, with an idempotency key when `key` is given.
    static func submission(_ message: MessageRecord, key: String? = nil, requestHash: [UInt8] = [0x01]) -> MessageSubmission {
        MessageSubmission(message: message, idempotency: key.map { IdempotencyClaim(key: $0, requestHash: requestHash) })
    }
}
