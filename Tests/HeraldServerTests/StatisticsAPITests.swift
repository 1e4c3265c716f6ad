import Foundation
import HeraldTestSupport
import Testing

/// The statistics API with real traffic: a server delivering to a receiver on loopback, one
/// endpoint that answers 200 and one that answers 500, on both stores.
@Suite("Statistics API")
struct StatisticsAPITests {
    /// Reads `path` until `done` holds for its JSON (attempts are recorded a moment after they
    /// end), at most 20 s.
    static func read(_ setup: some APIFixture, _ path: String, until done: ([String: Any]) -> Bool) async throws -> [String: Any] {
        let deadline = ContinuousClock.now + .seconds(20)
        while true {
            let answer = try await setup.api.get(path)
            try #require(answer.status == 200, "\(path): \(answer.text)")
            if done(answer.json) || ContinuousClock.now > deadline { return answer.json }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    @Test("an endpoint's, an application's and the server's figures count every attempt by outcome, with latency, health and a series",
          arguments: StoreBackend.allCases)
    func figures(backend: StoreBackend) async throws {
        try await DeliveryFixture.run(["--circuit-breaker-threshold", "100"], on: backend) { setup in
            setup.receiver.script("/ok", [.delay(.milliseconds(20), then: .status(200))])
            setup.receiver.script("/bad", [.status(500)])
            let ok = try await setup.endpoint("/ok")
            let bad = try await setup.endpoint("/bad")
            for index in 0..<10 { _ = try await setup.send(#"{"n":\#(index)}"#) }
            // Three attempts per message to /bad (the first and two retries a second apart).
            _ = try await setup.receiver.waitFor(count: 30, path: "/bad", timeout: .seconds(30))
            let base = "/api/v1/apps/\(setup.app)"

            let good = try await Self.read(setup, "\(base)/endpoints/\(ok.id)/stats?window=1h") { $0["attempts"] as? Int == 10 }
            #expect(good["attempts"] as? Int == 10 && good["succeeded"] as? Int == 10 && good["failed"] as? Int == 0)
            #expect(good["successRate"] as? Double == 1)
            #expect((good["outcomes"] as? [String: Int])?["2xx"] == 10)
            #expect(good["window"] as? String == "1h" && good["bucket"] as? String == "1m")
            let series = try #require(good["series"] as? [[String: Any]])
            #expect(series.count == 60)
            #expect(series.compactMap { $0["attempts"] as? Int }.reduce(0, +) == 10)
            let latency = try #require(good["latencyMs"] as? [String: Any])
            let p50 = try #require(latency["p50"] as? Double)
            #expect(p50 >= 10 && p50 <= 5000, "the receiver waits 20 ms before answering; p50 \(p50)")
            #expect(try #require(latency["p99"] as? Double) >= p50)
            #expect(good["messages"] is NSNull, "an endpoint's figures count no messages")
            let goodHealth = try #require(good["endpoint"] as? [String: Any])
            #expect(goodHealth["state"] as? String == "healthy")
            #expect(goodHealth["lastSuccessAt"] is String && goodHealth["lastFailure"] is NSNull)

            let failing = try await Self.read(setup, "\(base)/endpoints/\(bad.id)/stats?window=24h") { $0["attempts"] as? Int == 30 }
            #expect(failing["attempts"] as? Int == 30 && failing["succeeded"] as? Int == 0)
            #expect(failing["successRate"] as? Double == 0)
            #expect((failing["outcomes"] as? [String: Int])?["5xx"] == 30)
            #expect((failing["series"] as? [Any])?.count == 24)
            let badHealth = try #require(failing["endpoint"] as? [String: Any])
            #expect(badHealth["state"] as? String == "failing")
            #expect(badHealth["since"] is String && badHealth["lastSuccessAt"] is NSNull)
            let lastFailure = try #require(badHealth["lastFailure"] as? [String: Any])
            #expect(lastFailure["responseStatusCode"] as? Int == 500)
            #expect((lastFailure["attemptId"] as? String)?.hasPrefix("atm_") == true)

            let app = try await Self.read(setup, "\(base)/stats?window=1h") { $0["attempts"] as? Int == 40 && $0["messages"] as? Int == 10 }
            #expect(app["attempts"] as? Int == 40 && app["succeeded"] as? Int == 10 && app["messages"] as? Int == 10)
            #expect(app["successRate"] as? Double == 0.25)
            let endpoints = try #require(app["endpoints"] as? [String: Any])
            #expect(endpoints["total"] as? Int == 2 && endpoints["failing"] as? Int == 1 && endpoints["disabled"] as? Int == 0)
            #expect(app["endpoint"] is NSNull)
            let unhealthy = try #require(app["unhealthyEndpoints"] as? [[String: Any]])
            #expect(unhealthy.count == 1 && unhealthy.first?["endpointId"] as? String == bad.id && unhealthy.first?["state"] as? String == "failing")
            #expect(unhealthy.first?["failingSince"] is String && (unhealthy.first?["url"] as? String)?.hasSuffix("/bad") == true)
            #expect(good["unhealthyEndpoints"] is NSNull)

            let server = try await Self.read(setup, "/api/v1/stats?window=7d") { $0["attempts"] as? Int == 40 && $0["messages"] as? Int == 10 }
            #expect(server["attempts"] as? Int == 40 && server["messages"] as? Int == 10)
            #expect((server["series"] as? [[String: Any]])?.count == 168)
            // The messages went out within seconds, so in the last hour's bucket, or in the last
            // two when the test ran across the turn of an hour.
            let hours = try #require(server["series"] as? [[String: Any]])
            #expect(hours.suffix(2).compactMap { $0["messages"] as? Int }.reduce(0, +) == 10, "\(hours.suffix(2))")
        }
    }

    @Test("an endpoint whose circuit is open says so, until when, and its application counts it", arguments: StoreBackend.allCases)
    func circuitOpen(backend: StoreBackend) async throws {
        try await DeliveryFixture.run(["--circuit-breaker-threshold", "2", "--circuit-breaker-cool-down", "60s"], on: backend) { setup in
            setup.receiver.script("/down", [.status(503)])
            let down = try await setup.endpoint("/down")
            for index in 0..<3 { _ = try await setup.send(#"{"n":\#(index)}"#) }
            let base = "/api/v1/apps/\(setup.app)"
            let stats = try await Self.read(setup, "\(base)/endpoints/\(down.id)/stats?window=1h") {
                ($0["endpoint"] as? [String: Any])?["state"] as? String == "circuitOpen" && ($0["outcomes"] as? [String: Int])?["5xx"] ?? 0 >= 2
            }
            let health = try #require(stats["endpoint"] as? [String: Any])
            #expect(health["state"] as? String == "circuitOpen", "\(health)")
            #expect(health["circuitOpenUntil"] is String)
            #expect((stats["outcomes"] as? [String: Int])?["5xx"] ?? 0 >= 2)
            let app = try await setup.api.get("\(base)/stats").json
            #expect((app["endpoints"] as? [String: Any])?["circuitOpen"] as? Int == 1)
        }
    }

    @Test("a window the API does not know is refused 422, an unknown endpoint 404, and the token is required")
    func badRequests() async throws {
        try await DeliveryFixture.run { setup in
            let endpoint = try await setup.endpoint()
            let base = "/api/v1/apps/\(setup.app)"
            let wrong = try await setup.api.get("\(base)/endpoints/\(endpoint.id)/stats?window=2h")
            #expect(wrong.status == 422)
            #expect(wrong.errorCode == "validation_failed")
            #expect(wrong.text.contains("1h, 24h, 7d"))
            #expect(try await setup.api.get("\(base)/endpoints/ep_missing/stats").status == 404)
            #expect(try await setup.api.get("/api/v1/apps/nope/stats").status == 404)
            #expect(try await setup.api.get("/api/v1/stats?window=30d").status == 422)
            let anonymous = APIClient(baseURL: setup.server.baseURL, token: "wrong")
            #expect(try await anonymous.get("/api/v1/stats").status == 401)
            let empty = try await setup.api.get("/api/v1/stats").json
            #expect(empty["attempts"] as? Int == 0 && empty["successRate"] is NSNull)
            #expect((empty["latencyMs"] as? [String: Any])?["p50"] is NSNull)
        }
    }
}
