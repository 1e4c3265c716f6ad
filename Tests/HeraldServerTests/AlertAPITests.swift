import Foundation
import Herald
import HeraldTestSupport
import Testing

/// Alert rules through the API, and alerts that reach the operator webhook from real traffic.
@Suite("Alert rules and alerts")
struct AlertAPITests {
    @Test("a new server has the three default rules; rules are created, changed, validated and deleted")
    func rules() async throws {
        try await InProcessServer.run { server in
            let defaults = try await server.api.get("/api/v1/alert-rules").json["data"] as? [[String: Any]] ?? []
            #expect(Set(defaults.compactMap { $0["name"] as? String }) == ["endpoint-failing", "delivery-backlog", "unusual-traffic"])
            let failing = try #require(defaults.first { $0["name"] as? String == "endpoint-failing" })
            #expect(failing["kind"] as? String == "endpoint_failure_rate" && failing["threshold"] as? Double == 0.5)
            #expect(failing["windowSeconds"] as? Int == 900 && failing["minimumCount"] as? Int == 20 && failing["enabled"] as? Bool == true)

            let created = try await server.api.post("/api/v1/alert-rules", #"{"name":"slow-queue","kind":"backlog","threshold":60}"#)
            #expect(created.status == 201, "\(created.text)")
            let id = try #require(created.json["id"] as? String)
            #expect(id.hasPrefix("alr_") && created.json["threshold"] as? Double == 60)
            let patched = try await server.api.patch("/api/v1/alert-rules/\(id)", #"{"threshold":120,"enabled":false}"#)
            #expect(patched.status == 200 && patched.json["threshold"] as? Double == 120 && patched.json["enabled"] as? Bool == false)
            #expect(try await server.api.get("/api/v1/alert-rules/\(id)").json["enabled"] as? Bool == false)

            let taken = try await server.api.post("/api/v1/alert-rules", #"{"name":"slow-queue","kind":"backlog"}"#)
            #expect(taken.status == 409)
            let badKind = try await server.api.post("/api/v1/alert-rules", #"{"name":"x","kind":"moon_phase"}"#)
            #expect(badKind.status == 422 && badKind.errorMessage.contains("endpoint_failure_rate, backlog, traffic_spike"))
            let badRate = try await server.api.post("/api/v1/alert-rules", #"{"name":"y","kind":"endpoint_failure_rate","threshold":5}"#)
            #expect(badRate.status == 422 && badRate.errorMessage.contains("threshold must be a number from 0 to 1"))
            let badName = try await server.api.post("/api/v1/alert-rules", #"{"name":"Has Spaces","kind":"backlog"}"#)
            #expect(badName.status == 422)
            let kindChange = try await server.api.patch("/api/v1/alert-rules/\(id)", #"{"kind":"traffic_spike"}"#)
            #expect(kindChange.status == 422)

            #expect(try await server.api.delete("/api/v1/alert-rules/\(id)").status == 204)
            #expect(try await server.api.get("/api/v1/alert-rules/\(id)").status == 404)
            #expect(try await server.api.get("/api/v1/alerts?state=sometimes").status == 422)
            #expect((try await server.api.get("/api/v1/alerts").json["data"] as? [Any])?.isEmpty == true)
        }
    }

    @Test("an endpoint that keeps failing fires alert.fired to the operator webhook, signed, once; recovering sends alert.resolved",
          arguments: StoreBackend.allCases)
    func alertReachesTheOperator(backend: StoreBackend) async throws {
        let operatorSecret = try WebhookSecret.generate()
        let operatorReceiver = try await TestReceiver.start()
        try await DeliveryFixture.run([
            "--alert-interval", "1s", "--retry-schedule", "1h", "--circuit-breaker-threshold", "100",
            "--operator-webhook-url", operatorReceiver.url("/ops"), "--operator-webhook-secret", operatorSecret.serialized,
        ], on: backend) { setup in
            defer { Task { try? await operatorReceiver.stop() } }
            let rule = try await setup.api.post("/api/v1/alert-rules",
                                                #"{"name":"fast-failing","kind":"endpoint_failure_rate","threshold":0.5,"windowSeconds":60,"minimumCount":3}"#)
            try #require(rule.status == 201, "\(rule.text)")
            setup.receiver.script("/hook", [.status(500)])
            let endpoint = try await setup.endpoint()
            for index in 0..<3 { _ = try await setup.send(#"{"n":\#(index)}"#) }
            let fired = try await Self.event("alert.fired", at: operatorReceiver)
            try WebhookVerifier(keys: [.symmetric(operatorSecret)]).verify(body: fired.body) { fired.header($0) }
            let data = try #require((try JSONSerialization.jsonObject(with: Data(fired.body)) as? [String: Any])?["data"] as? [String: Any])
            #expect(data["rule"] as? String == "fast-failing" && data["kind"] as? String == "endpoint_failure_rate")
            #expect(data["subject"] as? String == endpoint.id && data["endpointId"] as? String == endpoint.id && data["appId"] as? String == setup.app)
            #expect(data["failureRate"] as? String == "1" && data["attempts"] as? String == "3")

            let alerts = try await setup.api.get("/api/v1/alerts").json["data"] as? [[String: Any]] ?? []
            #expect(alerts.count == 1 && alerts.first?["subject"] as? String == endpoint.id && alerts.first?["state"] as? String == "firing")
            let metrics = try await APIClient(baseURL: setup.server.baseURL, token: nil).get("/metrics").text
            #expect(metrics.contains(#"herald_alerts_fired_total{rule="fast-failing"} 1"#))
            #expect(metrics.contains(#"herald_alerts_firing{rule="fast-failing"} 1"#))

            // Successes bring the rate under a half: the alert resolves, once.
            setup.receiver.script("/hook", [.status(200)])
            for index in 0..<4 { _ = try await setup.send(#"{"m":\#(index)}"#) }
            let resolved = try await Self.event("alert.resolved", at: operatorReceiver)
            #expect(resolved.bodyText.contains(endpoint.id))
            try await Task.sleep(for: .milliseconds(2500))
            #expect(operatorReceiver.requests("/ops").filter { $0.bodyText.contains(#""type":"alert.fired""#) }.count == 1, "one announcement per episode")
            #expect(operatorReceiver.requests("/ops").filter { $0.bodyText.contains(#""type":"alert.resolved""#) }.count == 1)
            let all = try await setup.api.get("/api/v1/alerts?state=all").json["data"] as? [[String: Any]] ?? []
            #expect(all.first?["state"] as? String == "resolved" && all.first?["resolvedAt"] is String)
        }
    }

    @Test("a deleted rule's herald_alerts_firing series leaves /metrics instead of staying at its last value; a renamed rule's old name too")
    func deletedRuleGauge() async throws {
        try await DeliveryFixture.run(["--alert-interval", "1s", "--retry-schedule", "1h", "--circuit-breaker-threshold", "100"]) { setup in
            let rule = try await setup.api.post("/api/v1/alert-rules",
                                                #"{"name":"soon-renamed","kind":"endpoint_failure_rate","threshold":0.5,"windowSeconds":60,"minimumCount":1}"#)
            try #require(rule.status == 201, "\(rule.text)")
            let ruleID = try #require(rule.json["id"] as? String)
            setup.receiver.script("/hook", [.status(500)])
            _ = try await setup.endpoint()
            _ = try await setup.send()
            _ = try await MetricsEndpointTests.scrape(setup) { $0[#"herald_alerts_firing{rule="soon-renamed"}"#] == 1 }
            #expect(try await setup.api.patch("/api/v1/alert-rules/\(ruleID)", #"{"name":"soon-deleted"}"#).status == 200)
            let (renamedText, renamed) = try await MetricsEndpointTests.scrape(setup) {
                $0[#"herald_alerts_firing{rule="soon-renamed"}"#] == nil && $0[#"herald_alerts_firing{rule="soon-deleted"}"#] == 1
            }
            #expect(renamed[#"herald_alerts_firing{rule="soon-renamed"}"#] == nil, "\(renamedText)")
            #expect(renamed[#"herald_alerts_firing{rule="soon-deleted"}"#] == 1, "\(renamedText)")
            #expect(try await setup.api.delete("/api/v1/alert-rules/\(ruleID)").status == 204)
            let (text, samples) = try await MetricsEndpointTests.scrape(setup) { $0[#"herald_alerts_firing{rule="soon-deleted"}"#] == nil }
            #expect(samples[#"herald_alerts_firing{rule="soon-deleted"}"#] == nil, "\(text)")
            #expect(samples[#"herald_alerts_firing{rule="endpoint-failing"}"#] == 0, "the other rules keep theirs: \(text)")
        }
    }

    /// The first operator event of `type`, waiting up to 20 s.
    static func event(_ type: String, at receiver: TestReceiver) async throws -> ReceivedRequest {
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline {
            if let event = receiver.requests("/ops").first(where: { $0.bodyText.contains(#""type":"\#(type)""#) }) { return event }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw SetupError("no \(type) reached the operator webhook; got \(receiver.requests("/ops").map(\.bodyText))")
    }

    struct SetupError: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}
