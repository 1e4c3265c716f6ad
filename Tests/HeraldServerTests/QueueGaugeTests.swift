import Foundation
import HeraldTestSupport
import Testing

/// The queue and endpoint-state gauges of `/metrics`, and the server statistics' `queue`, away
/// from zero: a receiver that holds its requests (in flight, and due behind them), an endpoint
/// whose circuit opened (its deliveries scheduled for later) and a disabled endpoint, on both
/// stores.
@Suite("Queue and endpoint gauges")
struct QueueGaugeTests {
    @Test("held requests are in flight with more due behind them, an open circuit schedules its deliveries, a disabled endpoint counts",
          arguments: StoreBackend.allCases)
    func busyQueue(backend: StoreBackend) async throws {
        let flags = ["--endpoint-concurrency", "1", "--circuit-breaker-threshold", "2", "--circuit-breaker-cool-down", "60s", "--retry-schedule", "1h"]
        try await DeliveryFixture.run(flags, on: backend) { setup in
            setup.receiver.script("/slow", [.hang])
            setup.receiver.script("/down", [.status(503)])
            // Held for the whole test: the receiver stops (and the attempt ends) when it returns.
            _ = try await setup.endpoint("/slow", extra: #","timeoutMs":60000"#)
            _ = try await setup.endpoint("/down")
            try await setup.server.endpoint(app: setup.app, url: setup.receiver.url("/off"), disabled: true)
            _ = try await setup.send(#"{"n":0}"#)
            _ = try await setup.receiver.waitFor(count: 1, path: "/slow", timeout: .seconds(10))
            // One at a time, so that /slow's prefetch (8 deliveries at a concurrency of 1) fills
            // and the dispatcher leaves the rest due in the store.
            for index in 1..<20 {
                _ = try await setup.send(#"{"n":\#(index)}"#)
                try await Task.sleep(for: .milliseconds(30))
            }
            _ = try await setup.receiver.waitFor(count: 2, path: "/down", timeout: .seconds(10))

            let (text, samples) = try await MetricsEndpointTests.scrape(setup) {
                ($0[#"herald_queue_deliveries{state="due"}"#] ?? 0) >= 1 && ($0[#"herald_queue_deliveries{state="in_flight"}"#] ?? 0) >= 1
                    && ($0[#"herald_queue_deliveries{state="scheduled"}"#] ?? 0) >= 2 && ($0["herald_queue_oldest_due_age_seconds"] ?? 0) > 0
                    && $0[#"herald_endpoints{state="circuit_open"}"#] == 1
            }
            #expect((samples[#"herald_queue_deliveries{state="in_flight"}"#] ?? 0) >= 1, "the held request: \(text)")
            #expect((samples[#"herald_queue_deliveries{state="due"}"#] ?? 0) >= 1, "behind the held request, or the open circuit")
            #expect((samples[#"herald_queue_deliveries{state="scheduled"}"#] ?? 0) >= 2, "the two failed attempts wait an hour")
            #expect((samples["herald_queue_oldest_due_age_seconds"] ?? 0) > 0)
            #expect(samples[#"herald_endpoints{state="circuit_open"}"#] == 1)
            #expect(samples[#"herald_endpoints{state="failing"}"#] == 0, "the failing endpoint is counted as circuit-open, not twice")
            #expect(samples[#"herald_endpoints{state="disabled"}"#] == 1)
            #expect(samples[#"herald_endpoints{state="healthy"}"#] == 1, "/slow has no failure yet")

            let stats = try await StatisticsAPITests.read(setup, "/api/v1/stats?window=1h") {
                ($0["queue"] as? [String: Any])?["due"] as? Int ?? 0 >= 1
            }
            let queue = try #require(stats["queue"] as? [String: Any], "\(stats)")
            #expect(queue["due"] as? Int ?? 0 >= 1 && queue["inFlight"] as? Int ?? 0 >= 1 && queue["scheduled"] as? Int ?? 0 >= 2, "\(queue)")
            #expect(queue["oldestDueAgeSeconds"] as? Double ?? 0 > 0, "\(queue)")
            // Every delivery is in exactly one state: 20 messages to 2 enabled endpoints, none done.
            let total = ["due", "inFlight", "scheduled"].compactMap { queue[$0] as? Int }.reduce(0, +)
            #expect(total == 40, "\(queue)")
            let endpoints = try #require(stats["endpoints"] as? [String: Any])
            #expect(endpoints["total"] as? Int == 3 && endpoints["circuitOpen"] as? Int == 1 && endpoints["disabled"] as? Int == 1, "\(endpoints)")
            let app = try await setup.api.get("/api/v1/apps/\(setup.app)/stats?window=1h").json
            #expect(app["queue"] is NSNull, "the queue is the server's")
        }
    }
}
