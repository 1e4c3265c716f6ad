import Foundation
import Testing

/// An in-process server allowed to deliver to 127.0.0.1 only, a scripted receiver, and an
/// application with the `order.created` event type.
public struct DeliveryFixture: APIFixture {
    /// The server.
    public let server: InProcessServer
    /// The receiver endpoints point at.
    public let receiver: TestReceiver
    /// The application's id.
    public let app: String

    /// A client with the server's token.
    public var api: APIClient { server.api }

    /// Runs `body` with a fresh server on a fresh store of `backend` (a quick `1s,1s` schedule and
    /// a 30 s request timeout unless `arguments` say otherwise) and receiver. The timeout is
    /// roomy, so that an attempt meant to succeed does not time out on a loaded machine; a test
    /// of timeouts sets its own. The receiver stops as soon as `body` returns, so that the
    /// server's graceful stop does not wait for attempts it would hold open.
    public static func run<Result: Sendable>(_ arguments: [String] = [], on backend: StoreBackend = .sqlite,
                                             _ body: @Sendable (DeliveryFixture) async throws -> Result) async throws -> Result {
        let receiver = try await TestReceiver.start()
        let defaults = ["--allowed-networks", "127.0.0.1/32", "--retry-schedule", "1s,1s", "--request-timeout", "30s"]
        return try await InProcessServer.run(defaults + arguments, on: backend) { server in
            let result: Result
            do {
                let app = try await server.app()
                try await server.eventType("order.created", version: "2024-06")
                result = try await body(DeliveryFixture(server: server, receiver: receiver, app: app))
            } catch {
                try? await receiver.stop()
                throw error
            }
            try? await receiver.stop()
            return result
        }
    }

    /// An endpoint on the receiver at `path`; returns its id and secret.
    public func endpoint(_ path: String = "/hook", extra: String = "") async throws -> (id: String, secret: String) {
        let answer = try await api.post("/api/v1/apps/\(app)/endpoints", #"{"url":"\#(receiver.url(path))"\#(extra)}"#)
        try #require(answer.status == 201, "\(answer.text)")
        let id = try #require(answer.json["id"] as? String)
        let secret = try #require(try await api.get("/api/v1/apps/\(app)/endpoints/\(id)/secret").json["key"] as? String)
        return (id, secret)
    }

    /// Sends a message; returns its id.
    public func send(_ payload: String = #"{"id":"o1"}"#) async throws -> String {
        let answer = try await send(app: app, type: "order.created", payload: payload)
        try #require(answer.status == 202, "\(answer.text)")
        return try #require(answer.json["id"] as? String)
    }

    /// The message's attempts, newest first, once at least `count` exist.
    public func attempts(_ message: String, atLeast count: Int, timeout: Duration = .seconds(15)) async throws -> [[String: Any]] {
        try await attempts(message, app: app, atLeast: count, timeout: timeout)
    }
}
