import Foundation
import HeraldTestSupport
import Testing

/// A server allowed to deliver to 127.0.0.1 only, a scripted receiver, and an application with
/// the `order.created` event type.
struct DeliveryFixture {
    let fixture: Fixture
    let receiver: TestReceiver
    let app: String

    var api: APIClient { fixture.api }

    static func start(_ arguments: [String] = []) async throws -> DeliveryFixture {
        let receiver = try await TestReceiver.start()
        let fixture = try await Fixture.start(arguments: ["--allowed-networks", "127.0.0.1/32", "--retry-schedule", "1s,1s", "--request-timeout", "2s"] + arguments)
        let app = try await fixture.app()
        try await fixture.eventType("order.created", version: "2024-06")
        return DeliveryFixture(fixture: fixture, receiver: receiver, app: app)
    }

    /// An endpoint on the receiver at `path`; returns its id and secret.
    func endpoint(_ path: String = "/hook", extra: String = "") async throws -> (id: String, secret: String) {
        let answer = try await api.post("/api/v1/apps/\(app)/endpoints", #"{"url":"\#(receiver.url(path))"\#(extra)}"#)
        try #require(answer.status == 201, "\(answer.text)")
        let id = try #require(answer.json["id"] as? String)
        let secret = try #require(try await api.get("/api/v1/apps/\(app)/endpoints/\(id)/secret").json["key"] as? String)
        return (id, secret)
    }

    /// Sends a message; returns its id.
    func send(_ payload: String = #"{"id":"o1"}"#) async throws -> String {
        let answer = try await fixture.send(app: app, type: "order.created", payload: payload)
        try #require(answer.status == 202, "\(answer.text)")
        return try #require(answer.json["id"] as? String)
    }

    /// The message's attempts, newest first, once at least `count` exist.
    func attempts(_ message: String, atLeast count: Int, timeout: Duration = .seconds(15)) async throws -> [[String: Any]] {
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

    func stop() async {
        await fixture.stop()
        try? await receiver.stop()
    }
}
