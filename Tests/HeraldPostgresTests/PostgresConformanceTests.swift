import HeraldPostgres
import HeraldStore
import HeraldStoreConformance
import HeraldTestSupport
import Logging
import Testing

/// The store conformance suite against `PostgresStore`, each store on a new database of the
/// test PostgreSQL server (``TestPostgres``).
///
/// The cases run one after another (`.serialized`): each opens a database and a pool, and a
/// hundred of them at once would starve the timing-sensitive delivery tests running beside them.
@Suite("PostgreSQL store conformance", .serialized)
struct PostgresConformanceTests {
    @Test("PostgresStore", arguments: StoreConformance.allCases)
    func conforms(to check: StoreConformanceCase) async throws {
        let server = try await TestPostgres.server()
        try await PostgresStores.withRunning { open in
            try await check.run { try await open(try await server.makeDatabase()) }
        }
    }
}

/// Opens PostgreSQL stores and runs their connection pools for as long as a body runs: the
/// pools are child tasks of one task group, cancelled when the body returns.
enum PostgresStores {
    static func withRunning(_ body: (@escaping @Sendable (String) async throws -> PostgresStore) async throws -> Void) async throws {
        let (opened, continuation) = AsyncStream.makeStream(of: PostgresStore.self)
        try await withThrowingDiscardingTaskGroup { group in
            group.addTask {
                await withDiscardingTaskGroup { pools in
                    for await store in opened {
                        pools.addTask { try? await store.run() }
                    }
                }
            }
            defer {
                continuation.finish()
                group.cancelAll()
            }
            let logger = { var logger = Logger(label: "test-postgres-store"); logger.logLevel = .error; return logger }()
            try await body { url in
                let store = try await PostgresStore.open(url: url, connections: 4, logger: logger)
                continuation.yield(store)
                // Before its pool runs a store has one connection, for one caller at a time;
                // the cases call it from many tasks at once.
                while !store.isRunning { try await Task.sleep(for: .milliseconds(1)) }
                return store
            }
        }
    }
}
