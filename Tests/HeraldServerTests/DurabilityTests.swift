import HeraldTestSupport
import Foundation
import Testing

@Suite("Durability", .serialized)
struct DurabilityTests {
    @Test("everything survives a restart on the same data directory, the generated token included")
    func restart() async throws {
        let directory = TemporaryDirectory.make()
        let first = try await ServerProcess.start(dataDirectory: directory, token: nil)
        #expect(first.token.hasPrefix("hrld_"), "\(first.printed)")
        #expect(first.printed.contains("Herald listening on http://127.0.0.1:"))
        let fixture = Fixture(server: first, api: APIClient(first))
        let app = try await fixture.app(uid: "keep")
        try await fixture.eventType("order.created")
        let endpoint = try await fixture.endpoint(app: app)
        let message = try #require(try await fixture.send(app: app, type: "order.created", payload: #"{"n": 1}"#).json["id"] as? String)
        #expect(await first.stop() == 0, "SIGTERM is a clean stop")

        let second = try await ServerProcess.start(dataDirectory: directory, token: nil)
        defer { Task { await second.stop() } }
        #expect(!second.printed.contains("hrld_"), "the token is printed only on the first start")
        let again = APIClient(baseURL: second.baseURL, token: first.token)
        #expect(try await again.get("/api/v1/apps/keep").status == 200)
        #expect(try await again.get("/api/v1/apps/\(app)/endpoints/\(endpoint)").status == 200)
        #expect(try await again.get("/api/v1/event-types/order.created").status == 200)
        #expect(try await again.get("/api/v1/apps/\(app)/messages/\(message)").text.contains(#""payload":{"n": 1}"#))
        #expect(try await APIClient(baseURL: second.baseURL, token: "hrld_wrong").get("/api/v1/apps").status == 401)
        let stored = try String(contentsOf: directory.appendingPathComponent("herald.sqlite"), encoding: .isoLatin1)
        #expect(!stored.contains(first.token), "only the token's hash is stored")
    }

    @Test("kill -9 while 8 clients post loses no message that got a 202")
    func killNine() async throws {
        let directory = TemporaryDirectory.make()
        let server = try await ServerProcess.start(dataDirectory: directory)
        let fixture = Fixture(server: server, api: APIClient(server))
        let app = try await fixture.app()
        try await fixture.eventType("order.created")
        try await fixture.endpoint(app: app)
        let accepted = AcceptedIDs()
        let clients = (0..<8).map { client in
            Task {
                var sequence = 0
                while !Task.isCancelled {
                    sequence += 1
                    guard let answer = try? await fixture.send(app: app, type: "order.created", payload: #"{"client":\#(client),"n":\#(sequence)}"#) else { return }
                    if answer.status == 202, let id = answer.json["id"] as? String { await accepted.add(id) }
                }
            }
        }
        try await Task.sleep(for: .milliseconds(1500))
        await server.kill()
        for client in clients { client.cancel() }
        for client in clients { _ = await client.result }
        let ids = await accepted.ids
        #expect(ids.count > 50, "the load ran: \(ids.count) accepted")

        let restarted = try await ServerProcess.start(dataDirectory: directory)
        defer { Task { await restarted.stop() } }
        let api = APIClient(restarted)
        var missing = [String]()
        for id in ids where try await api.get("/api/v1/apps/\(app)/messages/\(id)").status != 200 {
            missing.append(id)
        }
        #expect(missing.isEmpty, "\(missing.count) of \(ids.count) accepted messages were lost")
    }
}

actor AcceptedIDs {
    private(set) var ids: [String] = []
    func add(_ id: String) { ids.append(id) }
}
