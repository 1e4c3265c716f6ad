import Foundation
import Logging
import NIOPosix
import PostgresNIO

extension TestPostgres {
    /// Runs `body` on a connection of the test's own to the database at `url` (a URL from
    /// ``Server/makeDatabase()``), closed afterwards: to look at what Herald's processes wrote.
    public static func withConnection<T: Sendable>(url: String, _ body: (PostgresConnection) async throws -> T) async throws -> T {
        let server = try server(fromURL: url)
        guard let database = URLComponents(string: url)?.path.split(separator: "/").first.map(String.init) else {
            throw Unavailable(description: "no database in \(url)")
        }
        let configuration = PostgresConnection.Configuration(host: server.host, port: server.port, username: server.username, password: server.password,
                                                             database: database, tls: .disable)
        let connection = try await PostgresConnection.connect(on: MultiThreadedEventLoopGroup.singleton.any(), configuration: configuration, id: 1,
                                                              logger: Logger(label: "test-postgres")).get()
        do {
            let result = try await body(connection)
            try? await connection.close()
            return result
        } catch {
            try? await connection.close()
            throw error
        }
    }
}
