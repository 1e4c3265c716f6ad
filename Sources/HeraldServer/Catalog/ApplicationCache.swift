import HeraldStore
import Synchronization

/// Applications by id and uid, for the message route, which resolves `{app}` on every request.
/// API writes update or drop entries; it holds at most `capacity` entries and starts over when full.
final class ApplicationCache: Sendable {
    private let store: any HeraldStore
    private let entries = Mutex<[String: ApplicationRecord]>([:])
    private let capacity: Int

    init(store: any HeraldStore, capacity: Int = 10_000) {
        self.store = store
        self.capacity = capacity
    }

    /// The application with this id or uid, or nil.
    func application(_ idOrUID: String) async throws -> ApplicationRecord? {
        if let record = entries.withLock({ $0[idOrUID] }) { return record }
        guard let record = try await store.application(idOrUID: idOrUID) else { return nil }
        entries.withLock { entries in
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[idOrUID] = record
        }
        return record
    }

    /// Drops every entry (the store's change feed may have missed changes).
    func removeAll() {
        entries.withLock { $0.removeAll() }
    }

    /// Drops every entry of this application (after an update or a delete).
    func invalidate(_ id: String) {
        entries.withLock { entries in
            entries = entries.filter { $0.value.id != id }
        }
    }
}
