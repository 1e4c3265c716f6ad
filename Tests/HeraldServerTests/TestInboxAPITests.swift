import Foundation
import Herald
import HeraldStore
import HeraldTestSupport
import Testing

/// Test inboxes over HTTP: made through the API, fed by anyone, listed through the API, bounded,
/// and reachable by this server's own deliveries without opening `--allowed-networks`.
@Suite("Test inboxes")
struct TestInboxAPITests {
    /// Makes an inbox; returns its id, URL and secret.
    static func inbox(_ api: APIClient, _ body: String = "{}") async throws -> (id: String, url: String, secret: String) {
        let made = try await api.post("/api/v1/inboxes", body)
        try #require(made.status == 201, "\(made.text)")
        let id = try #require(made.json["id"] as? String)
        return (id, try #require(made.json["url"] as? String), try #require(made.json["secret"] as? String))
    }

    static func requests(_ api: APIClient, _ id: String, query: String = "") async throws -> [[String: Any]] {
        let listed = try await api.get("/api/v1/inboxes/\(id)/requests\(query)")
        try #require(listed.status == 200, "\(listed.text)")
        return listed.json["data"] as? [[String: Any]] ?? []
    }

    @Test("an inbox records each request, newest first, and says whether its signature verified with the inbox's secret",
          arguments: StoreBackend.allCases)
    func records(backend: StoreBackend) async throws {
        try await InProcessServer.run(on: backend) { server in
            let inbox = try await Self.inbox(server.api)
            #expect(inbox.id.hasPrefix("inb_"))
            #expect(inbox.url == "\(server.baseURL)/inboxes/\(inbox.id)")
            #expect(inbox.secret.hasPrefix("whsec_"))
            let body = #"{"type":"order.created","timestamp":"2026-12-07T05:00:00.000Z","data":{"id":"ord_1"}}"#
            let signer = WebhookSigner(key: try SigningKey(parsing: inbox.secret))
            let headers = signer.headers(id: "msg_1", timestamp: Int64(Date().timeIntervalSince1970), body: Array(body.utf8)).map { ($0.name, $0.value) }
            let sender = APIClient(baseURL: server.baseURL, token: nil)
            #expect(try await sender.post("/inboxes/\(inbox.id)?from=test", body, headers: headers + [("X-Extra", "1")]).status == 200)
            #expect(try await sender.post("/inboxes/\(inbox.id)", body.replacingOccurrences(of: "ord_1", with: "ord_2"), headers: headers).status == 200)
            #expect(try await sender.post("/inboxes/\(inbox.id)", "not json").status == 200, "anything is recorded")

            let listed = try await Self.requests(server.api, inbox.id)
            try #require(listed.count == 3)
            #expect(listed[2]["verified"] as? Bool == true)
            #expect(listed[2]["failedCheck"] is NSNull)
            #expect(listed[2]["path"] as? String == "/inboxes/\(inbox.id)?from=test")
            #expect(listed[2]["body"] as? String == body)
            #expect(listed[2]["bodyEncoding"] as? String == "utf8")
            let names = (listed[2]["headers"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
            #expect(names.contains("webhook-signature") && names.contains("X-Extra"), "\(names)")
            #expect(listed[1]["verified"] as? Bool == false)
            #expect(listed[1]["failedCheck"] as? String == "noMatchingSignature")
            #expect(listed[0]["failedCheck"] as? String == "missingHeader")
        }
    }

    @Test("an inbox keeps its newest 100 requests and the first 64 KiB of each body; a page at a time")
    func bounded() async throws {
        try await InProcessServer.run { server in
            let inbox = try await Self.inbox(server.api)
            let sender = APIClient(baseURL: server.baseURL, token: nil)
            for index in 0..<103 {
                _ = try await sender.post("/inboxes/\(inbox.id)", #"{"n":\#(index)}"#)
            }
            let big = String(repeating: "x", count: 70_000)
            _ = try await sender.post("/inboxes/\(inbox.id)", big)
            let first = try await server.api.get("/api/v1/inboxes/\(inbox.id)/requests?limit=60")
            let page = first.json["data"] as? [[String: Any]] ?? []
            #expect(page.count == 60)
            #expect(page.first?["bodyBytes"] as? Int == 70_000)
            #expect(page.first?["bodyTruncated"] as? Bool == true)
            #expect((page.first?["body"] as? String)?.utf8.count == 65_536)
            let cursor = try #require(first.json["nextCursor"] as? String)
            let rest = try await Self.requests(server.api, inbox.id, query: "?limit=60&cursor=\(cursor)")
            #expect(rest.count == 40, "100 kept in all")
            #expect(rest.last?["body"] as? String == #"{"n":4}"#, "the oldest four went")
        }
    }

    @Test("unknown inboxes are 404 to senders and readers; the lifetime is checked")
    func unknownAndLifetime() async throws {
        try await InProcessServer.run { server in
            #expect(try await server.api.get("/api/v1/inboxes/inb_nope/requests").status == 404)
            #expect(try await APIClient(baseURL: server.baseURL, token: nil).post("/inboxes/inb_nope", "{}").status == 404)
            let tooShort = try await server.api.post("/api/v1/inboxes", #"{"expiresInSeconds":5}"#)
            #expect(tooShort.status == 422)
            #expect(tooShort.errorMessage.contains("expiresInSeconds"))
            #expect(try await server.api.post("/api/v1/inboxes", #"{"ttl":60}"#).status == 422)
            let hour = try await server.api.post("/api/v1/inboxes", #"{"expiresInSeconds":3600}"#)
            let created = try #require((hour.json["createdAt"] as? String).flatMap(RFC3339.parse))
            let expires = try #require((hour.json["expiresAt"] as? String).flatMap(RFC3339.parse))
            #expect(expires - created == 3_600_000)
            #expect(try await APIClient(baseURL: server.baseURL, token: nil).post("/api/v1/inboxes", "{}").status == 401, "making one needs the token")
        }
    }

    @Test("an inbox lives 24 hours unless its creator says otherwise")
    func defaultLifetime() async throws {
        try await InProcessServer.run { server in
            let made = try await server.api.post("/api/v1/inboxes", "{}")
            try #require(made.status == 201, "\(made.text)")
            let created = try #require((made.json["createdAt"] as? String).flatMap(RFC3339.parse))
            let expires = try #require((made.json["expiresAt"] as? String).flatMap(RFC3339.parse))
            #expect(expires - created == 24 * 3_600_000)
        }
    }

    @Test("an inbox past its expiry answers 404 to senders and readers, while one that has not expired answers")
    func expiredIs404() async throws {
        try await InProcessServer.run { server in
            let now = Int64(Date().timeIntervalSince1970 * 1000)
            let secret = try WebhookSecret.generate().serialized
            // Made in the store, as the API makes them, a day ago: one expired a second ago, one not yet.
            try await server.store.createTestInbox(TestInboxRecord(id: "inb_expired", secret: secret, createdAt: now - 86_400_000, expiresAt: now - 1000))
            try await server.store.createTestInbox(TestInboxRecord(id: "inb_current", secret: secret, createdAt: now - 86_400_000, expiresAt: now + 60_000))
            let sender = APIClient(baseURL: server.baseURL, token: nil)
            #expect(try await sender.post("/inboxes/inb_current", "{}").status == 200)
            #expect(try await server.api.get("/api/v1/inboxes/inb_current/requests").status == 200)
            let refused = try await sender.post("/inboxes/inb_expired", "{}")
            #expect(refused.status == 404, "\(refused.text)")
            #expect(try await server.api.get("/api/v1/inboxes/inb_expired/requests").status == 404)
        }
    }

    @Test("this server delivers to its own inbox without --allowed-networks, and the delivery verifies", arguments: StoreBackend.allCases)
    func ownDelivery(backend: StoreBackend) async throws {
        try await InProcessServer.run(["--retry-schedule", "1s"], on: backend) { server in
            let inbox = try await Self.inbox(server.api)
            let app = try await server.app()
            try await server.eventType("order.created")
            let endpoint = try await server.api.post("/api/v1/apps/\(app)/endpoints", #"{"url":"\#(inbox.url)","secret":"\#(inbox.secret)"}"#)
            try #require(endpoint.status == 201, "\(endpoint.text)")
            let sent = try await server.send(app: app, type: "order.created", payload: #"{"id":"ord_7"}"#)
            let message = try #require(sent.json["id"] as? String)
            var listed = [[String: Any]]()
            let deadline = ContinuousClock.now + .seconds(15)
            while listed.isEmpty && ContinuousClock.now < deadline {
                listed = try await Self.requests(server.api, inbox.id)
                if listed.isEmpty { try await Task.sleep(for: .milliseconds(50)) }
            }
            let request = try #require(listed.first, "nothing arrived")
            #expect(request["verified"] as? Bool == true)
            let headers = request["headers"] as? [[String: Any]] ?? []
            #expect(headers.contains { ($0["name"] as? String)?.lowercased() == "webhook-id" && $0["value"] as? String == message })
            // The exception is for this server's inboxes only: other loopback URLs stay refused.
            let other = try await server.api.post("/api/v1/apps/\(app)/endpoints", #"{"url":"http://127.0.0.1:\#(server.port)/api/v1/apps"}"#)
            #expect(other.status == 422, "\(other.text)")
            let ownByAddress = try await server.api.post("/api/v1/apps/\(app)/endpoints",
                                                         #"{"url":"http://127.0.0.1:\#(server.port)/inboxes/\#(inbox.id)"}"#)
            #expect(ownByAddress.status == 201, "\(ownByAddress.text)")
        }
    }
}
