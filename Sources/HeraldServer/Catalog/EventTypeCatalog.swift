import Foundation
import HeraldJSON
import HeraldStore
import Synchronization

/// The event catalog in memory, with each schema compiled once: the message route looks up
/// its event type on every request and must not pay a database read or a schema parse for it.
/// Writes through the API update it; a name it does not know is looked up in the store, so
/// types created elsewhere are found.
final class EventTypeCatalog: Sendable {
    /// An event type with its compiled schema.
    struct Entry: Sendable {
        let record: EventTypeRecord
        let schema: JSONSchema?
    }

    private let store: any HeraldStore
    private let entries = Mutex<[String: Entry]>([:])

    init(store: any HeraldStore) {
        self.store = store
    }

    /// The event type of this name, or nil.
    func entry(_ name: String) async throws -> Entry? {
        if let entry = entries.withLock({ $0[name] }) { return entry }
        guard let record = try await store.eventType(name: name) else { return nil }
        let entry = Self.compile(record)
        entries.withLock { $0[name] = entry }
        return entry
    }

    /// Records a created or updated event type.
    func put(_ record: EventTypeRecord) {
        let entry = Self.compile(record)
        entries.withLock { $0[record.name] = entry }
    }

    /// Forgets every event type (the store's change feed may have missed changes).
    func removeAll() {
        entries.withLock { $0.removeAll() }
    }

    /// Forgets a deleted event type.
    func remove(_ name: String) {
        _ = entries.withLock { $0.removeValue(forKey: name) }
    }

    private static func compile(_ record: EventTypeRecord) -> Entry {
        let schema = record.schema.flatMap { text in (try? JSONParser.parse(text)).flatMap { try? JSONSchema($0) } }
        return Entry(record: record, schema: schema)
    }
}
