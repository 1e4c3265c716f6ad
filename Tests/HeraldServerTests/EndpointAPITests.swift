import Foundation
import Herald
import HeraldTestSupport
import NIOHTTP1
import Testing

@Suite("Endpoints API")
struct EndpointAPITests {
    @Test("create with a generated secret; read, update, delete", arguments: StoreBackend.allCases)
    func lifecycle(backend: StoreBackend) async throws {
        try await InProcessServer.run(on: backend) { fixture in
            let app = try await fixture.app(uid: "acme")
            try await fixture.eventType("order.created")
            let created = try await fixture.api.post("/api/v1/apps/acme/endpoints", #"{"url":"https://example.com/hook","eventTypes":["order.created"],"rateLimit":5,"headers":{"X-Tenant":"42"}}"#)
            #expect(created.status == 201, "\(created.text)")
            let id = try #require(created.json["id"] as? String)
            #expect(id.hasPrefix("ep_"))
            #expect(created.json["appId"] as? String == app)
            #expect(created.json["rateLimit"] as? Int == 5)
            #expect(created.json["eventTypes"] as? [String] == ["order.created"])
            #expect(created.json["secret"] == nil, "the secret is only shown by its own route")
            let secret = try await fixture.api.get("/api/v1/apps/acme/endpoints/\(id)/secret")
            let key = try #require(secret.json["key"] as? String)
            #expect(try WebhookSecret(key).bytes.count == 32)

            let patched = try await fixture.api.patch("/api/v1/apps/\(app)/endpoints/\(id)", #"{"disabled":true,"rateLimit":null,"eventTypes":[]}"#)
            #expect(patched.json["disabled"] as? Bool == true)
            #expect(patched.json["rateLimit"] is NSNull)
            #expect(patched.json["eventTypes"] as? [String] == [])
            #expect(try await fixture.api.get("/api/v1/apps/acme/endpoints").json["data"].map { ($0 as? [Any])?.count } == 1)
            #expect(try await fixture.api.delete("/api/v1/apps/acme/endpoints/\(id)").status == 204)
            #expect(try await fixture.api.get("/api/v1/apps/acme/endpoints/\(id)").status == 404)
        }
    }

    @Test("rotation keeps the old secret signing for the grace period", arguments: StoreBackend.allCases)
    func rotation(backend: StoreBackend) async throws {
        try await InProcessServer.run(on: backend) { fixture in
            let app = try await fixture.app()
            let given = try WebhookSecret.generate().serialized
            let created = try await fixture.api.post("/api/v1/apps/\(app)/endpoints", #"{"url":"https://example.com/h","secret":"\#(given)"}"#)
            let id = try #require(created.json["id"] as? String)
            #expect(try await fixture.api.get("/api/v1/apps/\(app)/endpoints/\(id)/secret").json["key"] as? String == given)
            let rotated = try await fixture.api.request(.POST, "/api/v1/apps/\(app)/endpoints/\(id)/secret/rotate")
            #expect(rotated.status == 200, "\(rotated.text)")
            let newKey = try #require(rotated.json["key"] as? String)
            #expect(newKey != given)
            let previous = try #require(rotated.json["previous"] as? [[String: Any]])
            #expect(previous.first?["key"] as? String == given)
            let expiresAt = try #require(previous.first?["expiresAt"] as? String)
            let expiry = try #require(RFC3339.parse(expiresAt))
            let expectedExpiry = Int64(Date().timeIntervalSince1970 * 1000) + 86_400_000
            #expect(abs(expiry - expectedExpiry) < 60_000)
            // A rotation with no grace period retires the secret it replaces at once; the first one keeps its grace.
            let immediate = try await fixture.api.post("/api/v1/apps/\(app)/endpoints/\(id)/secret/rotate", #"{"gracePeriodSeconds":0}"#)
            let stillSigning = (immediate.json["previous"] as? [[String: Any]])?.compactMap { $0["key"] as? String }
            #expect(stillSigning == [given])
            #expect(immediate.json["key"] as? String != newKey)
            #expect(try await fixture.api.post("/api/v1/apps/\(app)/endpoints/\(id)/secret/rotate", #"{"key":"whsec_bad"}"#).status == 422)
        }
    }

    @Test("bad endpoint fields are 422s naming the field", arguments: StoreBackend.allCases, [
        (#"{"url":"ftp://example.com"}"#, "url"),
        (#"{"url":"not a url"}"#, "url"),
        (#"{}"#, "url"),
        (#"{"url":"https://example.com","eventTypes":["no.such"]}"#, "eventTypes"),
        (#"{"url":"https://example.com","rateLimit":0}"#, "rateLimit"),
        (#"{"url":"https://example.com","headers":{"Webhook-Signature":"x"}}"#, "headers"),
        (#"{"url":"https://example.com","headers":{"Content-Type":"text/plain"}}"#, "headers"),
        (#"{"url":"https://example.com","headers":{"Host":"evil"}}"#, "headers"),
        (#"{"url":"https://example.com","headers":{"Content-Length":"1"}}"#, "headers"),
        (#"{"url":"https://example.com","secret":"nope"}"#, "secret"),
    ])
    func invalid(backend: StoreBackend, _ example: (String, String)) async throws {
        let (body, field) = example
        try await InProcessServer.run(on: backend) { fixture in
            let app = try await fixture.app()
            let answer = try await fixture.api.post("/api/v1/apps/\(app)/endpoints", body)
            #expect(answer.status == 422, "\(answer.text)")
            #expect(answer.errorMessage.contains(field), "\(answer.errorMessage)")
        }
    }

    @Test("--require-https refuses http URLs", arguments: StoreBackend.allCases)
    func requireHTTPS(backend: StoreBackend) async throws {
        try await InProcessServer.run(["--require-https"], on: backend) { fixture in
            let app = try await fixture.app()
            let plain = try await fixture.api.post("/api/v1/apps/\(app)/endpoints", #"{"url":"http://example.com/h"}"#)
            #expect(plain.status == 422)
            #expect(plain.errorMessage.contains("https"))
            #expect(try await fixture.api.post("/api/v1/apps/\(app)/endpoints", #"{"url":"https://example.com/h"}"#).status == 201)
        }
    }
}
