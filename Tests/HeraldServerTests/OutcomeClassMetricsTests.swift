import Foundation
import HeraldTestSupport
import Testing

/// Every failure class an attempt can end in, each caused for real on loopback through a real
/// server, counted once in `/metrics` (`herald_delivery_attempts_total{outcome}`) and in the
/// statistics API's `outcomes`, on both stores.
@Suite("Outcome classes in metrics and statistics")
struct OutcomeClassMetricsTests {
    /// Each class, and the endpoint path that causes it.
    static let classes = ["4xx", "rate_limited", "timeout", "connection", "tls", "refused_by_guard"]

    @Test("4xx, 429, a timeout, a refused connection, a failed TLS handshake and the network guard each count once, in /metrics and the statistics",
          arguments: StoreBackend.allCases)
    func everyFailureClass(backend: StoreBackend) async throws {
        let receiver = try await TestReceiver.start()
        let refusing = try RefusingPort()
        defer { withExtendedLifetime(refusing) {} }
        receiver.script("/client-error", [.status(400)])
        receiver.script("/rate-limited", [.status(429)])
        receiver.script("/hang", [.hang])
        receiver.script("/guarded", [.status(200)])
        // One store for two servers in turn: the first, allowed all of 127.0.0.0/8, registers an
        // endpoint at 127.0.0.2 (the API refuses an address outside the allowed networks at once,
        // so only a change of --allowed-networks leaves such an endpoint behind); the second,
        // allowed 127.0.0.1 only, is the one that delivers, and whose metrics are read.
        let directory = TemporaryDirectory.make()
        let storeFlags = try await backend.freshStoreFlags()
        let app = try await InProcessServer.run(storeFlags + ["--role", "api", "--allowed-networks", "127.0.0.0/8"], on: backend,
                                                dataDirectory: directory) { first in
            let app = try await first.app()
            try await first.eventType("order.created")
            try await first.endpoint(app: app, url: "http://127.0.0.2:\(receiver.port)/guarded")
            return app
        }
        do {
            try await InProcessServer.run(storeFlags + ["--allowed-networks", "127.0.0.1/32", "--retry-schedule", "1h", "--circuit-breaker-threshold", "100"],
                                          on: backend, dataDirectory: directory) { server in
                try await server.endpoint(app: app, url: receiver.url("/client-error"))
                try await server.endpoint(app: app, url: receiver.url("/rate-limited"))
                let hanging = try await server.endpoint(app: app, url: receiver.url("/hang"))
                #expect(try await server.api.patch("/api/v1/apps/\(app)/endpoints/\(hanging)", #"{"timeoutMs":1500}"#).status == 200)
                try await server.endpoint(app: app, url: "http://127.0.0.1:\(refusing.port)/refused")
                // TLS to a port that speaks plain HTTP: the handshake fails.
                try await server.endpoint(app: app, url: "https://127.0.0.1:\(receiver.port)/tls")
                #expect(try await server.send(app: app, type: "order.created").status == 202)

                let (text, samples) = try await MetricsEndpointTests.scrape(server) { samples in
                    Self.classes.allSatisfy { samples[#"herald_delivery_attempts_total{outcome="\#($0)"}"#] == 1 }
                }
                for outcome in Self.classes {
                    #expect(samples[#"herald_delivery_attempts_total{outcome="\#(outcome)"}"#] == 1, "\(outcome): \(text)")
                }
                for outcome in ["2xx", "3xx", "5xx", "other"] {
                    #expect(samples[#"herald_delivery_attempts_total{outcome="\#(outcome)"}"#] == 0, "\(outcome)")
                }
                #expect(samples["herald_delivery_attempt_duration_seconds_count"] == 6)
                #expect(samples["herald_delivery_latency_seconds_count"] == 0, "nothing was delivered")
                #expect(receiver.count("/guarded") == 0, "the guard stopped the request before it left")

                for path in ["/api/v1/stats?window=1h", "/api/v1/apps/\(app)/stats?window=24h"] {
                    let stats = try await StatisticsAPITests.read(server, path) { $0["attempts"] as? Int == 6 }
                    #expect(stats["attempts"] as? Int == 6 && stats["succeeded"] as? Int == 0, "\(path): \(stats)")
                    let outcomes = try #require(stats["outcomes"] as? [String: Int], "\(path)")
                    for outcome in Self.classes { #expect(outcomes[outcome] == 1, "\(path): \(outcome) in \(outcomes)") }
                    #expect(outcomes.filter { !Self.classes.contains($0.key) }.values.allSatisfy { $0 == 0 }, "\(path): \(outcomes)")
                }
            }
        } catch {
            try? await receiver.stop()
            throw error
        }
        try? await receiver.stop()
    }
}
