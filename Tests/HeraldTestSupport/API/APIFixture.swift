import Foundation
import Testing

/// A running Herald, in this process or as a child, and shortcuts for the resources most tests need.
public protocol APIFixture: Sendable {
    /// A client with the server's API token.
    var api: APIClient { get }
}

extension APIFixture {
    /// The attempts of `message` in `app`, newest first, once at least `count` exist (an issue
    /// is recorded, and what there is returned, after `timeout`).
    public func attempts(_ message: String, app: String, atLeast count: Int, timeout: Duration = .seconds(15)) async throws -> [[String: Any]] {
        let deadline = ContinuousClock.now + timeout
        while true {
            let data = try await api.get("/api/v1/apps/\(app)/messages/\(message)/attempts").json["data"] as? [[String: Any]] ?? []
            if data.count >= count { return data }
            if ContinuousClock.now > deadline {
                Issue.record("only \(data.count) of \(count) attempts for \(message) after \(timeout)")
                return data
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// Creates an application and returns its id.
    @discardableResult
    public func app(_ name: String = "Acme", uid: String? = nil) async throws -> String {
        let uidField = uid.map { #","uid":"\#($0)""# } ?? ""
        let answer = try await api.post("/api/v1/apps", #"{"name":"\#(name)"\#(uidField)}"#)
        try #require(answer.status == 201, "\(answer.text)")
        return try #require(answer.json["id"] as? String)
    }

    /// Creates an event type.
    public func eventType(_ name: String, schema: String? = nil, version: String? = nil) async throws {
        var body = #"{"name":"\#(name)""#
        if let schema { body += #","schema":\#(schema)"# }
        if let version { body += #","version":"\#(version)""# }
        body += "}"
        let answer = try await api.post("/api/v1/event-types", body)
        try #require(answer.status == 201, "\(answer.text)")
    }

    /// Creates an endpoint and returns its id.
    @discardableResult
    public func endpoint(app: String, url: String = "https://example.com/hook", eventTypes: [String] = [], disabled: Bool = false) async throws -> String {
        let filter = eventTypes.map { "\"\($0)\"" }.joined(separator: ",")
        let answer = try await api.post("/api/v1/apps/\(app)/endpoints", #"{"url":"\#(url)","eventTypes":[\#(filter)],"disabled":\#(disabled)}"#)
        try #require(answer.status == 201, "\(answer.text)")
        return try #require(answer.json["id"] as? String)
    }

    /// Sends a message and returns the answer.
    public func send(app: String, type: String, payload: String = #"{"a":1}"#, eventID: String? = nil, idempotencyKey: String? = nil) async throws
        -> APIClient.Answer {
        let eventIDField = eventID.map { #","eventId":"\#($0)""# } ?? ""
        let headers = idempotencyKey.map { [("Idempotency-Key", $0)] } ?? []
        return try await api.post("/api/v1/apps/\(app)/messages", #"{"eventType":"\#(type)","payload":\#(payload)\#(eventIDField)}"#, headers: headers)
    }
}
