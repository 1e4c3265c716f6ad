import Foundation
import HeraldTestSupport
import Testing

/// The database password in `--database` never reaches the log: a `herald serve` on PostgreSQL
/// at trace level, with a password in its URL, that accepts and delivers a message, is grepped
/// for it. (The test cluster trusts loopback connections, so the server does not check the
/// password; what is tested is that Herald never writes it out.)
@Suite("Secret-free logs on PostgreSQL")
struct SecretFreePostgresLogsTests {
    @Test("a run on PostgreSQL at trace level with a password in the database URL logs no password")
    func noDatabasePasswordInTheLogs() async throws {
        try await TestReceiver.run { receiver in
            receiver.script("/hook", [.status(200)])
            let postgres = try await TestPostgres.server()
            let password = "db-password-\(UUID().uuidString)"
            let plain = try await postgres.makeDatabase()
            let prefix = "postgres://\(postgres.username)@"
            try #require(plain.hasPrefix(prefix), "\(plain)")
            let database = "postgres://\(postgres.username):\(password)@" + plain.dropFirst(prefix.count)
            let server = try await ServerProcess.run([
                "--log-level", "trace", "--log-format", "json", "--allowed-networks", "127.0.0.1/32", "--database", database,
            ]) { server in
                let app = try await server.app()
                try await server.eventType("order.created")
                try await server.endpoint(app: app, url: receiver.url("/hook"))
                #expect(try await server.send(app: app, type: "order.created").status == 202)
                _ = try await receiver.waitFor(count: 1, path: "/hook", timeout: .seconds(20))
                #expect(try await APIClient(baseURL: server.baseURL, token: nil).get("/health").status == 200)
                return server
            }
            #expect(!server.printed.contains(password), "the database password is in the log")
            let entries = server.logEntries
            // The log is not empty: the start names the database, and the attempt is there.
            #expect(entries.contains { ($0["msg"] as? String)?.contains("Herald listening on") == true && ($0["msg"] as? String)?.contains(postgres.host) == true },
                    "\(server.printed.prefix(2000))")
            #expect(entries.contains { $0["msg"] as? String == "delivery attempt succeeded" })
        }
    }
}
