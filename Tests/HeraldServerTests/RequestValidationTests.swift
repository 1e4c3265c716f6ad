import Foundation
import HeraldTestSupport
import Testing

/// What the request schemas of the OpenAPI document promise, checked on the server: unknown
/// fields and meaningless nulls are refused, formats are exactly the documented ones.
@Suite("Request validation")
struct RequestValidationTests {
    @Test("a field the request does not take is a 422 that names it and lists the fields", arguments: StoreBackend.allCases)
    func unknownFields(backend: StoreBackend) async throws {
        try await InProcessServer.run(on: backend) { fixture in
            let app = try await fixture.app()
            try await fixture.eventType("order.created")
            let cases = [
                ("/api/v1/apps", #"{"name":"x","nmae":"y"}"#, "nmae"),
                ("/api/v1/event-types", #"{"name":"a.b","schemas":{}}"#, "schemas"),
                ("/api/v1/apps/\(app)/endpoints", #"{"url":"https://example.com/h","filterTypes":[]}"#, "filterTypes"),
                ("/api/v1/apps/\(app)/messages", #"{"eventType":"order.created","payload":{},"eventID":"e1"}"#, "eventID"),
            ]
            for (path, body, field) in cases {
                let answer = try await fixture.api.post(path, body)
                #expect(answer.status == 422, "\(path): \(answer.text)")
                #expect(answer.errorCode == "validation_failed")
                #expect(answer.errorMessage.contains("unknown field \"\(field)\""), "\(answer.errorMessage)")
            }
            let patch = try await fixture.api.patch("/api/v1/event-types/order.created", #"{"name":"order.renamed"}"#)
            #expect(patch.status == 422)
            #expect(patch.errorMessage.contains("this request takes description, schema, deprecated, version"), "\(patch.errorMessage)")
        }
    }

    @Test("null only where the field can be null: it clears uid, version, schema, rateLimit, retrySchedule",
          arguments: StoreBackend.allCases)
    func nulls(backend: StoreBackend) async throws {
        try await InProcessServer.run(on: backend) { fixture in
            let app = try await fixture.app(uid: "acme")
            #expect(try await fixture.api.post("/api/v1/apps", #"{"name":"x","metadata":null}"#).status == 422)
            #expect(try await fixture.api.patch("/api/v1/apps/\(app)", #"{"name":null}"#).status == 422)
            let cleared = try await fixture.api.patch("/api/v1/apps/\(app)", #"{"uid":null}"#)
            #expect(cleared.status == 200)
            #expect(cleared.json["uid"] is NSNull)
            #expect(try await fixture.api.post("/api/v1/apps", #"{"name":"y","uid":null}"#).status == 201)
            let endpoint = try await fixture.api.post("/api/v1/apps/\(app)/endpoints", #"{"url":"https://example.com/h","rateLimit":null,"retrySchedule":null}"#)
            #expect(endpoint.status == 201, "\(endpoint.text)")
            #expect(try await fixture.api.post("/api/v1/apps/\(app)/endpoints", #"{"url":"https://example.com/h","headers":null}"#).status == 422)
        }
    }

    @Test("whole numbers written 5.0 count as whole, as in JSON Schema; 5.5 does not", arguments: StoreBackend.allCases)
    func wholeNumbers(backend: StoreBackend) async throws {
        try await InProcessServer.run(on: backend) { fixture in
            let app = try await fixture.app()
            let endpoint = try await fixture.api.post("/api/v1/apps/\(app)/endpoints", #"{"url":"https://example.com/h","rateLimit":10.0}"#)
            #expect(endpoint.status == 201, "\(endpoint.text)")
            #expect(endpoint.json["rateLimit"] as? Int == 10)
            #expect(try await fixture.api.post("/api/v1/apps/\(app)/endpoints", #"{"url":"https://example.com/h","rateLimit":1e1}"#).status == 201)
            #expect(try await fixture.api.post("/api/v1/apps/\(app)/endpoints", #"{"url":"https://example.com/h","rateLimit":10.5}"#).status == 422)
        }
    }

    @Test("query parameters: an empty or malformed eventType filter is a 422; an empty cursor is the first page",
          arguments: StoreBackend.allCases)
    func queryParameters(backend: StoreBackend) async throws {
        try await InProcessServer.run(on: backend) { fixture in
            let app = try await fixture.app()
            for filter in ["", "no%20spaces", "a..b"] {
                let answer = try await fixture.api.get("/api/v1/apps/\(app)/messages?eventType=\(filter)")
                #expect(answer.status == 422, "eventType=\(filter)")
                #expect(answer.errorMessage.contains("eventType"))
            }
            #expect(try await fixture.api.get("/api/v1/apps/\(app)/messages?eventType=order.created").status == 200)
            #expect(try await fixture.api.get("/api/v1/apps?cursor=").status == 200)
            for cursor in ["X", "YzE6", "YzE6eB", "YzE6eA=="] {
                let answer = try await fixture.api.get("/api/v1/apps?cursor=\(cursor)")
                #expect(answer.status == 400, "cursor=\(cursor)")
                #expect(answer.errorCode == "bad_request")
            }
            #expect(try await fixture.api.get("/api/v1/apps?cursor=YzE6eA").status == 200, "well formed, though never handed out")
            let badTime = try await fixture.api.get("/api/v1/apps/\(app)/messages?before=2026-02-30T00:00:00Z")
            #expect(badTime.status == 422, "February has no 30th")
        }
    }

    @Test("Idempotency-Key: 1 to 255 printable ASCII characters", arguments: StoreBackend.allCases)
    func idempotencyKey(backend: StoreBackend) async throws {
        try await InProcessServer.run(on: backend) { fixture in
            let app = try await fixture.app()
            try await fixture.eventType("order.created")
            #expect(try await fixture.send(app: app, type: "order.created", idempotencyKey: "3f1c9a0e-order-123").status == 202)
            for key in ["clé", String(repeating: "k", count: 256)] {
                let answer = try await fixture.send(app: app, type: "order.created", idempotencyKey: key)
                #expect(answer.status == 422, "\(key.prefix(10))")
                #expect(answer.errorMessage.contains("Idempotency-Key"))
            }
        }
    }

    @Test("endpoint fields: URL without fragment or user, canonical secrets, bounded retry delays", arguments: StoreBackend.allCases)
    func endpointFormats(backend: StoreBackend) async throws {
        try await InProcessServer.run(on: backend) { fixture in
            let app = try await fixture.app()
            let refused = [
                #"{"url":"https://example.com/h#part"}"#,
                #"{"url":"https://example.com:0/h"}"#,
                #"{"url":"https://example.com/h","secret":"whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAB=="}"#,
                #"{"url":"https://example.com/h","secret":"whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="}"#,
                #"{"url":"https://example.com/h","retrySchedule":["05s"]}"#,
                #"{"url":"https://example.com/h","retrySchedule":["8d"]}"#,
                #"{"url":"https://example.com/h","headers":{"X-A":"caf\u00e9"}}"#,
            ]
            for body in refused {
                let answer = try await fixture.api.post("/api/v1/apps/\(app)/endpoints", body)
                #expect(answer.status == 422, "\(body): \(answer.text)")
            }
            let accepted = try await fixture.api.post("/api/v1/apps/\(app)/endpoints",
                                                      #"{"url":"https://example.com/h","secret":"whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA","retrySchedule":["7d","10080m"]}"#)
            #expect(accepted.status == 201, "\(accepted.text)")
            #expect(accepted.json["retrySchedule"] as? [String] == ["7d", "7d"])
        }
    }

    @Test("recover: a window beyond the retention period starts at its start; an empty window queues nothing",
          arguments: StoreBackend.allCases)
    func recoverWindow(backend: StoreBackend) async throws {
        try await InProcessServer.run(on: backend) { fixture in
            let app = try await fixture.app()
            let endpoint = try await fixture.endpoint(app: app)
            let path = "/api/v1/apps/\(app)/endpoints/\(endpoint)/recover"
            for body in [#"{"since":"2000-01-01T00:00:00Z"}"#, #"{"since":"2999-01-01T00:00:00Z"}"#,
                         #"{"since":"2026-11-30T08:00:00Z","until":"2000-01-01T00:00:00Z"}"#] {
                let answer = try await fixture.api.post(path, body)
                #expect(answer.status == 202, "\(body): \(answer.text)")
                #expect(answer.json["queued"] as? Int == 0)
            }
            #expect(try await fixture.api.post(path, #"{"since":"2026-11-31T00:00:00Z"}"#).status == 422, "November has no 31st")
        }
    }
}
