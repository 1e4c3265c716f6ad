import Foundation
import HeraldTestSupport
import Testing

/// `/health`: the store, the dispatcher and how far behind delivery is.
@Suite("Health report")
struct HealthReportTests {
    @Test("a delivering process reports its dispatcher running and nothing due")
    func delivering() async throws {
        try await InProcessServer.run { server in
            let health = try await APIClient(baseURL: server.baseURL, token: nil).get("/health")
            #expect(health.status == 200)
            #expect(health.json["status"] as? String == "ok" && health.json["store"] as? String == "ok")
            #expect(health.json["dispatcher"] as? String == "running")
            #expect(health.json["oldestDueAgeSeconds"] as? Double == 0)
        }
    }

    @Test("an api-only process has no dispatcher, and shows a delivery nobody makes growing older")
    func apiOnly() async throws {
        try await InProcessServer.run(["--role", "api", "--allowed-networks", "127.0.0.1/32"]) { server in
            let app = try await server.app()
            try await server.eventType("order.created")
            #expect(try await server.api.post("/api/v1/apps/\(app)/endpoints", #"{"url":"http://127.0.0.1:9/hook"}"#).status == 201)
            #expect(try await server.api.post("/api/v1/apps/\(app)/messages", #"{"eventType":"order.created","payload":{}}"#).status == 202)
            try await Task.sleep(for: .milliseconds(1200))
            let health = try await APIClient(baseURL: server.baseURL, token: nil).get("/health")
            #expect(health.status == 200 && health.json["dispatcher"] as? String == "none")
            let age = try #require(health.json["oldestDueAgeSeconds"] as? Double)
            #expect(age >= 1 && age < 60, "the message has waited about a second: \(age)")
        }
    }
}
