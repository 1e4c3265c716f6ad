import Foundation
import HeraldTestSupport
import Testing

/// `/metrics` with real traffic: a server delivering to a receiver on loopback, scraped as
/// Prometheus would, on both stores.
@Suite("Metrics endpoint")
struct MetricsEndpointTests {
    /// The samples of a Prometheus text exposition: `name{labels}` → value.
    static func samples(_ text: String) -> [String: Double] {
        var samples = [String: Double]()
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else { continue }
            samples[String(line[..<space])] = value
        }
        return samples
    }

    /// Scrapes until `done` holds (gauges are sampled every few seconds, attempts recorded a
    /// moment after they end), at most 20 s.
    static func scrape(_ setup: some APIFixture, until done: ([String: Double]) -> Bool) async throws -> (text: String, samples: [String: Double]) {
        let deadline = ContinuousClock.now + .seconds(20)
        while true {
            let answer = try await APIClient(baseURL: setup.api.baseURL, token: nil).get("/metrics")
            try #require(answer.status == 200, "\(answer.text)")
            let samples = Self.samples(answer.text)
            if done(samples) || ContinuousClock.now > deadline { return (answer.text, samples) }
            try await Task.sleep(for: .milliseconds(200))
        }
    }

    @Test("messages, attempts by outcome, durations, queue, endpoints and API requests are counted, with no id as a label",
          arguments: StoreBackend.allCases)
    func realTraffic(backend: StoreBackend) async throws {
        try await DeliveryFixture.run(["--circuit-breaker-threshold", "100", "--retry-schedule", "1h"], on: backend) { setup in
            setup.receiver.script("/ok", [.status(200)])
            setup.receiver.script("/bad", [.status(500)])
            _ = try await setup.endpoint("/ok")
            _ = try await setup.endpoint("/bad")
            for index in 0..<5 { _ = try await setup.send(#"{"n":\#(index)}"#) }
            _ = try await setup.receiver.waitFor(count: 10, timeout: .seconds(20))
            let (text, samples) = try await Self.scrape(setup) {
                $0[#"herald_delivery_attempts_total{outcome="5xx"}"#] == 5 && $0[#"herald_queue_deliveries{state="scheduled"}"#] == 5
                    && $0[#"herald_endpoints{state="failing"}"#] == 1
                    // Counted just after each answer: wait for all of them, not only the failures.
                    && $0[#"herald_delivery_attempts_total{outcome="2xx"}"#] == 5 && $0["herald_delivery_attempt_duration_seconds_count"] == 10
            }
            #expect(samples[#"herald_messages_accepted_total{event_type="order.created"}"#] == 5)
            #expect(samples[#"herald_delivery_attempts_total{outcome="2xx"}"#] == 5)
            #expect(samples[#"herald_delivery_attempts_total{outcome="5xx"}"#] == 5)
            #expect(samples[#"herald_delivery_attempts_total{outcome="timeout"}"#] == 0)
            #expect(samples["herald_delivery_attempt_duration_seconds_count"] == 10)
            #expect(samples["herald_delivery_latency_seconds_count"] == 5, "only the delivered ones")
            #expect(samples[#"herald_store_operation_duration_seconds_count{operation="accept_message"}"#] == 5)
            #expect((samples[#"herald_store_operation_duration_seconds_count{operation="record_attempts"}"#] ?? 0) >= 1)
            #expect(samples[#"herald_queue_deliveries{state="scheduled"}"#] == 5, "the five failed deliveries wait an hour")
            #expect(samples[#"herald_queue_deliveries{state="due"}"#] == 0)
            #expect(samples["herald_queue_oldest_due_age_seconds"] == 0)
            #expect(samples[#"herald_endpoints{state="failing"}"#] == 1 && samples[#"herald_endpoints{state="healthy"}"#] == 1)
            #expect(samples["herald_store_up"] == 1)
            #expect(samples[#"herald_api_requests_total{route="/api/v1/apps/{app}/messages",method="POST",status="202"}"#] == 5, "\(text)")
            #expect((samples[#"herald_api_request_duration_seconds_count{route="/api/v1/apps/{app}/messages",method="POST"}"#] ?? 0) == 5)
            for prefix in ["app_", "ep_", "msg_", "atm_", "whsec_"] {
                #expect(!text.contains(prefix), "an id or a secret in the metrics: \(prefix)")
            }
            #expect(text.contains("# TYPE herald_delivery_attempts_total counter"))
            #expect(text.contains("# TYPE herald_delivery_attempt_duration_seconds histogram"))
        }
    }

    @Test("a request no route takes counts as unmatched, not by its path")
    func unmatched() async throws {
        try await DeliveryFixture.run { setup in
            _ = try await setup.api.get("/api/v1/apps/app_secretlooking/nothing-here")
            let (_, samples) = try await Self.scrape(setup) { $0.keys.contains { $0.contains(#"route="unmatched""#) } }
            #expect(samples.keys.contains { $0.hasPrefix(#"herald_api_requests_total{route="unmatched""#) && $0.contains(#"status="404""#) },
                    "\(samples.keys.filter { $0.hasPrefix("herald_api_requests_total") })")
        }
    }

    @Test("--metrics-token guards /metrics; --no-metrics turns it off")
    func protection() async throws {
        try await InProcessServer.run(["--metrics-token", "scrape-me-please"]) { server in
            let anonymous = APIClient(baseURL: server.baseURL, token: nil)
            let refused = try await anonymous.get("/metrics")
            #expect(refused.status == 401 && refused.errorCode == "unauthorized")
            #expect(try await APIClient(baseURL: server.baseURL, token: "wrong-token-here").get("/metrics").status == 401)
            #expect(try await server.api.get("/metrics").status == 401, "the API token is not the metrics token")
            let scraped = try await APIClient(baseURL: server.baseURL, token: "scrape-me-please").get("/metrics")
            #expect(scraped.status == 200)
            #expect(scraped.header("Content-Type")?.hasPrefix("text/plain; version=0.0.4") == true)
        }
        try await InProcessServer.run(["--no-metrics"]) { server in
            let answer = try await APIClient(baseURL: server.baseURL, token: nil).get("/metrics")
            #expect(answer.status == 404)
        }
    }
}
