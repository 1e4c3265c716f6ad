import Logging
import NIOPosix
import PostgresNIO
import Synchronization

extension TestPostgres.Server {
    private static let created = Atomic<Int>(0)

    /// A new, empty database on this server, for one store: its URL. Databases are cheap on
    /// the throwaway cluster (no fsync), and a fresh one per store keeps every test's tables,
    /// notifications and advisory locks apart from the others'.
    public func makeDatabase() async throws -> String {
        let number = Self.created.wrappingAdd(1, ordering: .relaxed).newValue
        let name = "herald_test_\(getpid())_\(number)"
        let connection = try await PostgresConnection.connect(
            on: MultiThreadedEventLoopGroup.singleton.any(),
            configuration: .init(host: host, port: port, username: username, password: password, database: maintenanceDatabase, tls: .disable),
            id: number, logger: Logger(label: "test-postgres")).get()
        do {
            try await connection.query("CREATE DATABASE \(unescaped: name)", logger: Logger(label: "test-postgres"))
        } catch {
            try? await connection.close()
            throw error
        }
        try await connection.close()
        return url(database: name)
    }
}
