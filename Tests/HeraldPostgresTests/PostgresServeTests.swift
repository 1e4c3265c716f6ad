import HeraldTestSupport
import Testing

/// `herald serve --database postgres://…`: the whole service on PostgreSQL.
@Suite("Herald on PostgreSQL")
struct PostgresServeTests {
    @Test("with --database, a message is accepted, delivered signed, and its attempt recorded, all in PostgreSQL")
    func deliversOnPostgres() async throws {
        let url = try await TestPostgres.server().makeDatabase()
        try await DeliveryFixture.run(["--database", url]) { setup in
            setup.receiver.script("/hook", [.status(500), .status(200)])
            _ = try await setup.endpoint()
            let message = try await setup.send()
            let requests = try await setup.receiver.waitFor(count: 2, timeout: .seconds(15))
            #expect(requests.map { $0.header("webhook-id") } == [message, message], "retried under the same id")
            #expect(requests.allSatisfy { $0.header("webhook-signature")?.hasPrefix("v1,") == true })
            let attempts = try await setup.attempts(message, atLeast: 2)
            #expect(attempts.map { $0["status"] as? String } == ["succeeded", "failed"])
        }
    }
}
