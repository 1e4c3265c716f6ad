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
        let app = try await first.app(uid: "keep")
        try await first.eventType("order.created")
        let endpoint = try await first.endpoint(app: app)
        let message = try #require(try await first.send(app: app, type: "order.created", payload: #"{"n": 1}"#).json["id"] as? String)
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
        let app = try await server.app()
        try await server.eventType("order.created")
        try await server.endpoint(app: app)
        let load = PostingLoad.start(clients: 8) { client, sequence in
            try await server.send(app: app, type: "order.created", payload: #"{"client":\#(client),"n":\#(sequence)}"#)
        }
        try await load.run(atLeast: .milliseconds(1500), untilAccepted: 60, atMost: .seconds(15))
        await server.kill()
        let ids = await load.stop()
        #expect(ids.count > 50, "the load ran: \(ids.count) accepted")

        let restarted = try await ServerProcess.start(dataDirectory: directory)
        defer { Task { await restarted.stop() } }
        let api = restarted.api
        var missing = [String]()
        for id in ids where try await api.get("/api/v1/apps/\(app)/messages/\(id)").status != 200 {
            missing.append(id)
        }
        #expect(missing.isEmpty, "\(missing.count) of \(ids.count) accepted messages were lost")
    }
}
