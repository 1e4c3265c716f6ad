import Foundation
import HeraldSQLite
import HeraldStore
import HeraldStoreConformance
import HeraldTestSupport
import Testing

/// The store conformance suite against `SQLiteStore`, each case on a new database file.
@Suite("SQLite store conformance")
struct SQLiteConformanceTests {
    @Test("SQLiteStore", arguments: StoreConformance.allCases)
    func conforms(to check: StoreConformanceCase) async throws {
        try await check.run {
            try SQLiteStore(path: SQLiteStore.databasePath(inDataDirectory: TemporaryDirectory.make().path))
        }
    }
}
