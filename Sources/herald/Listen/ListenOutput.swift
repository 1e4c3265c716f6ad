import Foundation
import Herald
import HeraldJSON
import HeraldReceiver
import Synchronization

/// One request as `herald listen` reports it.
struct ListenRecord: Sendable {
    enum Verification: Sendable {
        case verified
        case failed(ReceiverRejection)
        case notChecked
    }

    let time: Date
    let method: String
    let path: String
    let webhookID: String?
    var types: [String]
    var verification: Verification
    let body: [UInt8]
    var status: Int
    var forwarded: ListenForwarder.Outcome?
}

/// Prints reports on standard output as each request comes (a pipe sees each at once), and
/// the listener's own notices on standard error.
final class ListenOutput: Sendable {
    let format: ListenFormat
    private let lock = Mutex(())

    init(format: ListenFormat) {
        self.format = format
    }

    func notice(_ text: String) {
        write("herald listen: \(text)\n", to: .standardError)
    }

    func report(_ record: ListenRecord) {
        write(format == .json ? Self.json(record) + "\n" : Self.text(record), to: .standardOutput)
    }

    /// One write per report (FileHandle writes straight to the descriptor, unbuffered), under
    /// a lock so that concurrent requests' reports do not interleave.
    private func write(_ text: String, to handle: FileHandle) {
        lock.withLock { _ in handle.write(Data(text.utf8)) }
    }

    static func text(_ record: ListenRecord) -> String {
        let time = RFC3339.format(milliseconds: Int64(record.time.timeIntervalSince1970 * 1000))
        let verdict: String = switch record.verification {
        case .verified: "verified"
        case .failed(let rejection): "REJECTED \(rejection.code.rawValue): \(rejection.message)"
        case .notChecked: "not checked (--no-verify)"
        }
        var lines = ["\(time)  \(record.method) \(record.path)  \(record.types.isEmpty ? "-" : record.types.joined(separator: ","))  \(record.webhookID ?? "-")  \(verdict)  → \(record.status)"]
        switch record.forwarded {
        case .answered(let status, let milliseconds, let body)?:
            lines.append("  forwarded: \(status) in \(milliseconds) ms\(body.isEmpty ? "" : ": " + String(decoding: body.prefix(200), as: UTF8.self))")
        case .failed(let reason)?:
            lines.append("  forward failed: \(reason)")
        case nil:
            break
        }
        if !record.body.isEmpty { lines.append(pretty(record.body)) }
        return lines.joined(separator: "\n") + "\n\n"
    }

    static func json(_ record: ListenRecord) -> String {
        var object: [String: Any] = [
            "time": RFC3339.format(milliseconds: Int64(record.time.timeIntervalSince1970 * 1000)),
            "method": record.method, "path": record.path, "status": record.status,
            "webhookId": record.webhookID ?? NSNull(),
            "type": record.types.count == 1 ? record.types[0] : (record.types.isEmpty ? NSNull() : record.types as Any),
        ]
        switch record.verification {
        case .verified:
            object["verified"] = true
        case .failed(let rejection):
            object["verified"] = false
            object["check"] = rejection.code.rawValue
            object["message"] = rejection.message
        case .notChecked:
            object["verified"] = NSNull()
        }
        if let json = try? JSONSerialization.jsonObject(with: Data(record.body), options: [.fragmentsAllowed]) {
            object["body"] = json
        } else {
            object["bodyText"] = String(decoding: record.body.prefix(4096), as: UTF8.self)
        }
        switch record.forwarded {
        case .answered(let status, let milliseconds, let body)?:
            object["forwarded"] = ["status": status, "ms": milliseconds, "body": String(decoding: body.prefix(4096), as: UTF8.self)]
        case .failed(let reason)?:
            object["forwarded"] = ["error": reason]
        case nil:
            break
        }
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    /// The body as indented JSON in its own member order, or as text (its first 4 KiB) when
    /// it is not JSON.
    static func pretty(_ body: [UInt8]) -> String {
        guard let json = try? JSONParser.parse(body) else { return String(decoding: body.prefix(4096), as: UTF8.self) }
        return json.prettyPrinted()
    }
}
