import HeraldTestSupport
import Testing

/// `--role api` and `--role worker` on one PostgreSQL database: ingestion and delivery in
/// separate processes (here, two services in the test's process, as two processes would be).
@Suite("Roles on PostgreSQL")
struct PostgresRoleTests {
    @Test("an API process accepts, a worker process delivers what it accepted; the worker exposes health checks only")
    func apiAndWorker() async throws {
        let receiver = try await TestReceiver.start()
        defer { Task { try? await receiver.stop() } }
        let database = try await TestPostgres.server().makeDatabase()
        let shared = ["--allowed-networks", "127.0.0.1/32", "--database", database]
        try await InProcessServer.run(shared + ["--role", "api"]) { apiOnly in
            let app = try await apiOnly.app()
            try await apiOnly.eventType("order.created")
            _ = try await apiOnly.endpoint(app: app, url: receiver.url("/hook"))
            try await InProcessServer.run(shared + ["--role", "worker"]) { worker in
                #expect(try await worker.api.get("/health").status == 200)
                #expect(try await worker.api.get("/api/v1/apps").status == 404, "a worker serves no API")
                for index in 0..<5 {
                    #expect(try await apiOnly.send(app: app, type: "order.created", payload: #"{"n":\#(index)}"#).status == 202)
                }
                let delivered = try await receiver.waitFor(count: 5, timeout: .seconds(10))
                #expect(Set(delivered.compactMap { $0.header("webhook-id") }).count == 5, "each message once")
                #expect(try await apiOnly.send(app: app, type: "order.created", payload: #"{"n":5}"#).status == 202)
                _ = try await receiver.waitFor(count: 6, timeout: .seconds(10))
                try await Task.sleep(for: .milliseconds(500))
                #expect(receiver.count() == 6, "the API process delivers nothing itself")
            }
        }
    }
}
