import HeraldTestSupport
import Testing

@Suite("Roles")
struct RoleTests {
    @Test("--role api accepts and stores without delivering; a full server on the same data then delivers",
          arguments: StoreBackend.allCases)
    func apiOnlyThenFull(backend: StoreBackend) async throws {
        let receiver = try await TestReceiver.start()
        defer { Task { try? await receiver.stop() } }
        // The two servers share one store: the same data directory, or the same database.
        let directory = TemporaryDirectory.make()
        let arguments = try await backend.freshStoreFlags() + ["--allowed-networks", "127.0.0.1/32"]
        try await InProcessServer.run(arguments + ["--role", "api"], dataDirectory: directory) { apiOnly in
            let app = try await apiOnly.app()
            try await apiOnly.eventType("order.created")
            _ = try await apiOnly.endpoint(app: app, url: receiver.url("/hook"))
            for index in 0..<5 { #expect(try await apiOnly.send(app: app, type: "order.created", payload: #"{"n":\#(index)}"#).status == 202) }
            try await Task.sleep(for: .seconds(1))
            #expect(receiver.count() == 0, "an API-only server delivers nothing")
        }
        try await InProcessServer.run(arguments, dataDirectory: directory) { _ in
            let delivered = try await receiver.waitFor(count: 5, timeout: .seconds(10))
            #expect(Set(delivered.compactMap { $0.header("webhook-id") }).count == 5)
        }
    }
}
