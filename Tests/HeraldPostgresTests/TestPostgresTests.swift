import HeraldPostgres
import HeraldStore
import HeraldTestSupport
import Logging
import Testing

/// The test harness's own PostgreSQL, and the store's URL handling.
@Suite("PostgreSQL test server and URLs")
struct TestPostgresTests {
    @Test("the test server runs, hands out empty databases, and a store opened on one answers")
    func serverAnswers() async throws {
        let server = try await TestPostgres.server()
        let first = try await server.makeDatabase()
        let second = try await server.makeDatabase()
        #expect(first != second)
        try await PostgresStores.withRunning { open in
            let store = try await open(first)
            try await store.checkHealth()
            #expect(try await store.setting("absent") == nil)
            #expect(try await store.insertSettingIfAbsent("k", value: "one") == "one")
            #expect(try await store.insertSettingIfAbsent("k", value: "two") == "one", "the first value stays")
            let other = try await open(second)
            #expect(try await other.setting("k") == nil, "each database is its own")
        }
    }

    @Test("opening applies the migrations once, also when two stores open the same database at once")
    func migrationsOnce() async throws {
        let url = try await TestPostgres.server().makeDatabase()
        try await PostgresStores.withRunning { open in
            async let first = open(url)
            async let second = open(url)
            let (one, two) = try await (first, second)
            _ = try await one.insertSettingIfAbsent("shared", value: "1")
            #expect(try await two.setting("shared") == "1")
        }
    }

    @Test("database URLs: sslmode is honoured or refused by name, the password never shows")
    func urls() throws {
        let location = try PostgresLocation(url: "postgres://herald:s3cret@db.internal:6543/herald?sslmode=require")
        #expect(location.host == "db.internal" && location.port == 6543 && location.database == "herald" && location.sslMode == "require")
        #expect(!location.description.contains("s3cret"))
        #expect(try PostgresLocation(url: "postgresql://u@h/d").sslMode == "prefer")
        #expect(throws: StoreError.self) { try PostgresLocation(url: "postgres://u@h/d?sslmode=allow") }
        #expect(throws: StoreError.self) { try PostgresLocation(url: "mysql://u@h/d") }
        #expect(throws: StoreError.self) { try PostgresLocation(url: "postgres://h/d") }
        #expect(throws: StoreError.self) { try PostgresLocation(url: "postgres://u@h/") }
    }

    @Test("an unreachable server is a clear unavailable error, not a hang")
    func unreachable() async throws {
        let started = ContinuousClock.now
        await #expect(throws: StoreError.self) {
            _ = try await PostgresStore.open(url: "postgres://herald@127.0.0.1:9/herald?sslmode=disable")
        }
        #expect(ContinuousClock.now - started < .seconds(60))
    }
}
