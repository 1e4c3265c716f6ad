import Foundation
import HeraldAPI
import HeraldClient
import Testing

/// Requests against a canned server on 127.0.0.1: what goes over the wire, and how answers
/// are read. Nothing leaves the loopback interface.
@Suite("Requests over loopback")
struct RoundTripTests {
    static let appJSON = #"{"id":"app_1","uid":"acme","name":"Acme","metadata":{"k":"v"},"createdAt":"2025-12-01T08:00:00.000Z","updatedAt":"2025-12-01T08:00:00.500Z"}"#

    @Test("createApp POSTs the JSON body with the token and decodes the 201")
    func createApp() async throws {
        let server = try LoopbackServer()
        async let received = server.serveOne(.init(status: 201, body: Array(Self.appJSON.utf8)))
        let app = try await HeraldClient.withDedicatedHTTPClient(baseURL: "http://127.0.0.1:\(server.port)", token: "tok en") { herald in
            try await herald.createApp(ApplicationIn(name: "Acme", uid: "acme", metadata: ["k": "v"]))
        }
        let request = try await received
        #expect(request.method == "POST")
        #expect(request.target == "/api/v1/apps")
        #expect(request.headers["authorization"] == "Bearer tok en")
        #expect(request.headers["content-type"] == "application/json")
        let sent = try JSONSerialization.jsonObject(with: Data(request.body)) as? [String: Any]
        #expect(sent?["name"] as? String == "Acme")
        #expect(sent?["uid"] as? String == "acme")
        #expect(app.id == "app_1")
        #expect(app.metadata == ["k": "v"])
        #expect(app.updatedAt == Date(timeIntervalSince1970: 1_764_576_000.5))
    }

    @Test("the raw sendMessage delivers the payload bytes verbatim, with the idempotency key")
    func rawMessage() async throws {
        let server = try LoopbackServer()
        let payload = Array(#"{ "amount" : 10.50, "id":12345678901234567890 }"#.utf8)
        let answer = #"{"id":"msg_1","appId":"app_1","eventType":"order.paid","eventId":"e1","version":null,"payload":{"amount":10.5},"createdAt":"2026-12-01T08:00:00.000Z"}"#
        async let received = server.serveOne(.init(status: 202, body: Array(answer.utf8)))
        let message = try await HeraldClient.withDedicatedHTTPClient(baseURL: "http://127.0.0.1:\(server.port)", token: "t") { herald in
            try await herald.sendMessage(app: "my app", eventType: "order.paid", payload: payload, eventId: "e1", idempotencyKey: "key-1")
        }
        let request = try await received
        #expect(request.target == "/api/v1/apps/my%20app/messages")
        #expect(request.headers["idempotency-key"] == "key-1")
        let prefix = Array(#"{"eventId":"e1","eventType":"order.paid","payload":"#.utf8)
        #expect(Array(request.body.prefix(prefix.count)) == prefix)
        #expect(Array(request.body.dropFirst(prefix.count).dropLast()) == payload)
        #expect(message.id == "msg_1")
    }

    @Test("an error answer becomes a HeraldClientError with the server's code")
    func errorAnswer() async throws {
        let server = try LoopbackServer()
        let body = #"{"error":{"code":"not_found","message":"no endpoint ep_9 in app_1"}}"#
        async let received = server.serveOne(.init(status: 404, body: Array(body.utf8)))
        let error = await #expect(throws: HeraldClientError.self) {
            try await HeraldClient.withDedicatedHTTPClient(baseURL: "http://127.0.0.1:\(server.port)", token: "t") { herald in
                try await herald.endpoint(app: "app_1", id: "ep_9")
            }
        }
        #expect(try await received.target == "/api/v1/apps/app_1/endpoints/ep_9")
        #expect(error == HeraldClientError(status: 404, code: "not_found", message: "no endpoint ep_9 in app_1"))
    }

    @Test("delete accepts a 204 with no body")
    func delete() async throws {
        let server = try LoopbackServer()
        async let received = server.serveOne(.init(status: 204, headers: [:]))
        try await HeraldClient.withDedicatedHTTPClient(baseURL: "http://127.0.0.1:\(server.port)", token: "t") { herald in
            try await herald.deleteEventType("order.created")
        }
        let request = try await received
        #expect(request.method == "DELETE")
        #expect(request.target == "/api/v1/event-types/order.created")
    }

    @Test("listMessages sends its filters as query parameters")
    func listMessages() async throws {
        let server = try LoopbackServer()
        async let received = server.serveOne(.init(status: 200, body: Array(#"{"data":[],"nextCursor":null}"#.utf8)))
        let page = try await HeraldClient.withDedicatedHTTPClient(baseURL: "http://127.0.0.1:\(server.port)", token: "t") { herald in
            try await herald.listMessages(app: "app_1", eventType: "order.created", after: Date(timeIntervalSince1970: 0), limit: 10, cursor: "abc")
        }
        #expect(try await received.target == "/api/v1/apps/app_1/messages?eventType=order.created&after=1970-01-01T00%3A00%3A00.000Z&limit=10&cursor=abc")
        #expect(page.data.isEmpty)
        #expect(page.nextCursor == nil)
    }

    @Test("batch and timeoutMs go out when set, null when removed, and read back from the answer")
    func batchAndTimeout() async throws {
        let server = try LoopbackServer()
        let answer = #"{"id":"ep_1","appId":"app_1","url":"https://x.example/h","description":"","eventTypes":[],"disabled":false,"rateLimit":null,"headers":{},"retrySchedule":null,"batch":{"maxEvents":100,"maxWaitMs":500},"timeoutMs":null,"createdAt":"2026-12-01T08:00:00.000Z","updatedAt":"2026-12-01T08:00:00.000Z"}"#
        async let received = server.serveOne(.init(status: 200, body: Array(answer.utf8)))
        let endpoint = try await HeraldClient.withDedicatedHTTPClient(baseURL: "http://127.0.0.1:\(server.port)", token: "t") { herald in
            try await herald.updateEndpoint(app: "app_1", id: "ep_1", EndpointPatch(batch: EndpointBatchOptions(maxEvents: 100, maxWaitMs: 500)), removeTimeout: true)
        }
        let request = try await received
        #expect(String(decoding: request.body, as: UTF8.self) == #"{"batch":{"maxEvents":100,"maxWaitMs":500},"timeoutMs":null}"#)
        #expect(endpoint.batch == EndpointBatchOptions(maxEvents: 100, maxWaitMs: 500))
        #expect(endpoint.timeoutMs == nil)
    }

    @Test("removeRateLimit sends rateLimit: null beside the other fields")
    func removeRateLimit() async throws {
        let server = try LoopbackServer()
        let answer = #"{"id":"ep_1","appId":"app_1","url":"https://x.example/h","description":"","eventTypes":[],"disabled":true,"rateLimit":null,"headers":{},"createdAt":"2026-12-01T08:00:00.000Z","updatedAt":"2026-12-01T08:00:00.000Z"}"#
        async let received = server.serveOne(.init(status: 200, body: Array(answer.utf8)))
        let endpoint = try await HeraldClient.withDedicatedHTTPClient(baseURL: "http://127.0.0.1:\(server.port)", token: "t") { herald in
            try await herald.updateEndpoint(app: "app_1", id: "ep_1", EndpointPatch(disabled: true), removeRateLimit: true)
        }
        let request = try await received
        #expect(request.method == "PATCH")
        #expect(String(decoding: request.body, as: UTF8.self) == #"{"disabled":true,"rateLimit":null}"#)
        #expect(endpoint.rateLimit == nil)
    }

    @Test("a 2xx answer that is not the promised document is invalid_response")
    func invalidAnswer() async throws {
        let server = try LoopbackServer()
        async let received = server.serveOne(.init(status: 200, headers: ["Content-Type": "text/html"], body: Array("<html>".utf8)))
        let error = await #expect(throws: HeraldClientError.self) {
            try await HeraldClient.withDedicatedHTTPClient(baseURL: "http://127.0.0.1:\(server.port)", token: "t") { herald in
                try await herald.health()
            }
        }
        #expect(try await received.headers["authorization"] == nil)
        #expect(error?.code == HeraldClientError.Code.invalidResponse)
        #expect(error?.status == 200)
    }
}
