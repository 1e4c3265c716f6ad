import Foundation
import HeraldTestSupport
import Testing

/// On PostgreSQL an endpoint's circuit is shared by every process (the store holds it), so a
/// process that does not deliver reports the circuit a worker opened: in `/metrics` and in the
/// statistics API.
@Suite("Circuits reported across processes")
struct SharedCircuitReportTests {
    @Test("an API-only process reports the circuit a worker process opened, in /metrics and the statistics")
    func apiOnlyProcessSeesTheWorkersCircuit() async throws {
        let receiver = try await TestReceiver.start()
        receiver.script("/down", [.status(503)])
        let shared = try await StoreBackend.postgres.freshStoreFlags() + ["--allowed-networks", "127.0.0.1/32"]
        do {
            try await InProcessServer.run(shared + ["--role", "api"], on: .postgres) { apiOnly in
                let app = try await apiOnly.app()
                try await apiOnly.eventType("order.created")
                let down = try await apiOnly.endpoint(app: app, url: receiver.url("/down"))
                try await InProcessServer.run(shared + ["--role", "worker", "--circuit-breaker-threshold", "2", "--circuit-breaker-cool-down", "60s",
                                                        "--retry-schedule", "1h"], on: .postgres) { _ in
                    for index in 0..<3 {
                        #expect(try await apiOnly.send(app: app, type: "order.created", payload: #"{"n":\#(index)}"#).status == 202)
                    }
                    _ = try await receiver.waitFor(count: 2, path: "/down", timeout: .seconds(20))

                    let base = "/api/v1/apps/\(app)"
                    let stats = try await StatisticsAPITests.read(apiOnly, "\(base)/endpoints/\(down)/stats?window=1h") {
                        ($0["endpoint"] as? [String: Any])?["state"] as? String == "circuitOpen"
                    }
                    let health = try #require(stats["endpoint"] as? [String: Any])
                    #expect(health["state"] as? String == "circuitOpen", "\(health)")
                    #expect(health["circuitOpenUntil"] is String, "\(health)")
                    let appStats = try await apiOnly.api.get("\(base)/stats").json
                    #expect((appStats["endpoints"] as? [String: Any])?["circuitOpen"] as? Int == 1, "\(appStats)")
                    #expect((appStats["unhealthyEndpoints"] as? [[String: Any]])?.first?["state"] as? String == "circuitOpen", "\(appStats)")
                    let server = try await apiOnly.api.get("/api/v1/stats").json
                    #expect((server["endpoints"] as? [String: Any])?["circuitOpen"] as? Int == 1, "\(server)")

                    let (text, samples) = try await MetricsEndpointTests.scrape(apiOnly) { $0[#"herald_endpoints{state="circuit_open"}"#] == 1 }
                    #expect(samples[#"herald_endpoints{state="circuit_open"}"#] == 1, "\(text)")
                    #expect(samples[#"herald_endpoints{state="failing"}"#] == 0, "\(text)")
                }
            }
        } catch {
            try? await receiver.stop()
            throw error
        }
        try? await receiver.stop()
    }
}
