import Foundation
import HeraldTestSupport
import NIOHTTP1
import Testing

/// Every error class of the API, and that bad input never produces a 5xx.
@Suite("Error answers")
struct ErrorAnswerTests {
    @Test("401 without a token, with a wrong one, or with another scheme; health needs none", arguments: StoreBackend.allCases)
    func authentication(backend: StoreBackend) async throws {
        try await InProcessServer.run(on: backend) { fixture in
            for token in [nil, "wrong", "test-token-but-longer", "test-toke"] as [String?] {
                let answer = try await APIClient(baseURL: fixture.baseURL, token: token).get("/api/v1/apps")
                #expect(answer.status == 401)
                #expect(answer.errorCode == "unauthorized")
            }
            let basic = try await APIClient(baseURL: fixture.baseURL, token: nil).request(.GET, "/api/v1/apps", headers: [("Authorization", "Basic dGVzdDp0ZXN0")])
            #expect(basic.status == 401)
            #expect(try await APIClient(baseURL: fixture.baseURL, token: nil).get("/health").status == 200)
            #expect(try await fixture.api.get("/api/v1/apps").status == 200)
        }
    }

    @Test("400 for malformed JSON names the line and column", arguments: StoreBackend.allCases)
    func malformedJSON(backend: StoreBackend) async throws {
        try await InProcessServer.run(on: backend) { fixture in
            let answer = try await fixture.api.post("/api/v1/apps", "{\n  \"name\": \"x\",\n}")
            #expect(answer.status == 400)
            #expect(answer.errorCode == "bad_request")
            #expect(answer.errorMessage.contains("line 3"), "\(answer.errorMessage)")
            #expect(try await fixture.api.post("/api/v1/apps", "[1,2]").status == 400)
        }
    }

    @Test("413 over the size limit, 415 for a body that is not JSON", arguments: StoreBackend.allCases)
    func sizeAndType(backend: StoreBackend) async throws {
        try await InProcessServer.run(["--max-payload-bytes", "2048"], on: backend) { fixture in
            let app = try await fixture.app()
            let big = #"{"eventType":"x.y","payload":{"a":""# + String(repeating: "x", count: 4096) + #""}}"#
            let tooLarge = try await fixture.api.post("/api/v1/apps/\(app)/messages", big)
            #expect(tooLarge.status == 413)
            #expect(tooLarge.errorCode == "payload_too_large")
            let text = try await fixture.api.request(.POST, "/api/v1/apps", body: Array(#"{"name":"x"}"#.utf8), contentType: "text/plain")
            #expect(text.status == 415)
            #expect(text.errorCode == "unsupported_media_type")
            let none = try await fixture.api.request(.POST, "/api/v1/apps", body: Array(#"{"name":"x"}"#.utf8), contentType: nil)
            #expect(none.status == 415)
        }
    }

    @Test("404 for unknown routes and resources, in the JSON error shape", arguments: StoreBackend.allCases)
    func notFound(backend: StoreBackend) async throws {
        try await InProcessServer.run(on: backend) { fixture in
            for path in ["/api/v1/nothing", "/api/v1/apps/app_01AAAAAAAAAAAAAAAAAAAAAAAA", "/api/v1/apps/missing/endpoints", "/api/v1/event-types/none.here", "/nope"] {
                let answer = try await fixture.api.get(path)
                #expect(answer.status == 404, "\(path)")
                #expect(answer.errorCode == "not_found", "\(path)")
            }
        }
    }

    @Test("garbage bodies on every writing route get 4xx, never 5xx, and lose nothing accepted", arguments: StoreBackend.allCases)
    func noServerErrors(backend: StoreBackend) async throws {
        try await InProcessServer.run(on: backend) { fixture in
            let app = try await fixture.app()
            try await fixture.eventType("order.created")
            let endpoint = try await fixture.endpoint(app: app)
            let accepted = try await fixture.send(app: app, type: "order.created")
            let routes = ["/api/v1/apps", "/api/v1/event-types", "/api/v1/apps/\(app)/endpoints", "/api/v1/apps/\(app)/messages",
                          "/api/v1/apps/\(app)/endpoints/\(endpoint)/secret/rotate"]
            let bodies = ["", "null", "{", "}", "[]", "\"s\"", "1e999", "{\"a\":\u{0}}", "{\"name\":{\"$gt\":1}}", String(repeating: "[", count: 5000),
                          "{\"eventType\":null,\"payload\":null}", "{\"url\":123}", "{\"name\":\"\u{1F600}\"}", "\u{FEFF}{}", "{\"payload\":{\"a\":1},\"eventType\":\"order.created\",\"eventId\":[]}"]
            var random = SystemRandomNumberGenerator()
            var randomBodies = bodies
            for _ in 0..<20 { randomBodies.append(String(decoding: (0..<Int.random(in: 1...64, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }, as: UTF8.self)) }
            for route in routes {
                for body in randomBodies {
                    let answer = try await fixture.api.request(.POST, route, body: Array(body.utf8))
                    #expect(answer.status < 500, "\(route) \(body.prefix(40)) → \(answer.status) \(answer.text)")
                    if answer.status >= 400 { #expect(answer.errorCode != nil) }
                }
            }
            let id = try #require(accepted.json["id"] as? String)
            #expect(try await fixture.api.get("/api/v1/apps/\(app)/messages/\(id)").status == 200)
        }
    }
}
