import AsyncHTTPClient
import Foundation
import HeraldDelivery
import HeraldServer
import HeraldSQLite
import HeraldTestSupport
import Hummingbird
import Logging
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

    /// Reads `/health` until `done` holds for its answer, at most 30 s (a statement waits up to
    /// 5 s for a connection before the store answers unavailable).
    static func health(at baseURL: String, until done: (APIClient.Answer) -> Bool) async throws -> APIClient.Answer {
        let deadline = ContinuousClock.now + .seconds(30)
        while true {
            let answer = try await APIClient(baseURL: baseURL, token: nil).get("/health")
            if done(answer) || ContinuousClock.now > deadline { return answer }
            try await Task.sleep(for: .milliseconds(200))
        }
    }

    @Test("the database going away turns /health into a 503 that names the store; its return turns it back")
    func storeUnreachable() async throws {
        // A cluster of the test's own: the shared one is never stopped.
        let cluster = try await TestPostgresCluster.start()
        defer { cluster.remove() }
        let database = try await cluster.server.makeDatabase()
        try await InProcessServer.run(["--database", database]) { server in
            let up = try await Self.health(at: server.baseURL) { $0.status == 200 }
            #expect(up.status == 200 && up.json["store"] as? String == "ok", "\(up.text)")
            try await cluster.stop()
            let down = try await Self.health(at: server.baseURL) { $0.status != 200 }
            #expect(down.status == 503, "\(down.text)")
            #expect(down.json["status"] as? String == "unavailable" && down.json["store"] as? String == "unavailable", "\(down.text)")
            #expect(down.json["oldestDueAgeSeconds"] is NSNull && down.json["dispatcher"] as? String == "running", "\(down.text)")
            try await cluster.start()
            let back = try await Self.health(at: server.baseURL) { $0.status == 200 }
            #expect(back.status == 200 && back.json["store"] as? String == "ok", "\(back.text)")
        }
    }

    @Test("a delivering process whose dispatcher is not running answers 503 with the dispatcher stopped, and 200 while it runs")
    func dispatcherStopped() async throws {
        // The API as `herald serve` composes it, over a real store and a real dispatcher (which a
        // service group stops after the listener, so the stopped state is put on directly here).
        let directory = TemporaryDirectory.make()
        let store = try SQLiteStore(path: SQLiteStore.databasePath(inDataDirectory: directory.path))
        let dispatcher = DeliveryDispatcher(store: store, client: .shared, configuration: DeliveryConfiguration(), logger: Logger(label: "test"))
        let router = APIRouter.build(store: store, configuration: APIConfiguration(), tokenHash: [],
                                     monitoring: APIMonitoring(circuits: dispatcher.circuits, dispatcherRunning: { dispatcher.isRunning }))
        let (ports, port) = AsyncStream.makeStream(of: Int.self)
        let application = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                                      onServerRunning: { port.yield($0.localAddress?.port ?? 0) })
        let serving = Task { try await application.runService(gracefulShutdownSignals: []) }
        defer { serving.cancel() }
        var listening: Int?
        for await value in ports {
            listening = value
            break
        }
        let baseURL = "http://127.0.0.1:\(try #require(listening))"

        let before = try await Self.health(at: baseURL) { _ in true }
        #expect(before.status == 503 && before.json["dispatcher"] as? String == "stopped", "\(before.text)")
        #expect(before.json["status"] as? String == "unavailable" && before.json["store"] as? String == "ok", "\(before.text)")
        let delivering = Task { try await dispatcher.run() }
        let running = try await Self.health(at: baseURL) { $0.status == 200 }
        #expect(running.status == 200 && running.json["dispatcher"] as? String == "running", "\(running.text)")
        delivering.cancel()
        try? await delivering.value
        let after = try await Self.health(at: baseURL) { _ in true }
        #expect(after.status == 503 && after.json["dispatcher"] as? String == "stopped", "\(after.text)")
    }
}
