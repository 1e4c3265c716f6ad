import Herald
import HeraldStore
import Synchronization

/// Each endpoint's signing secrets still in their grace period, read from the store at most
/// every few seconds, at once after the API changed the endpoint, and at once when a claimed
/// delivery carries a newer version of the endpoint than the one they were read for (a rotation
/// moves the endpoint's `updatedAt`, so one made through another process is seen by the first
/// delivery claimed after it).
final class EndpointSecretsCache: Sendable {
    private struct Entry {
        let secrets: [WebhookSecret]
        let readAt: Int64
        let endpointUpdatedAt: Int64
    }

    private let store: any HeraldStore
    private let now: @Sendable () -> Int64
    private let entries = Mutex<[String: Entry]>([:])
    private let lifetime: Int64 = 5000

    init(store: any HeraldStore, now: @escaping @Sendable () -> Int64) {
        self.store = store
        self.now = now
    }

    func secrets(for endpoint: EndpointRecord) async -> [WebhookSecret] {
        let time = now()
        if let entry = entries.withLock({ $0[endpoint.id] }), time - entry.readAt < lifetime, entry.endpointUpdatedAt >= endpoint.updatedAt {
            return entry.secrets
        }
        let records = (try? await store.endpointSecrets(endpointID: endpoint.id, now: time)) ?? []
        let secrets = records.compactMap { try? WebhookSecret($0.key) }
        entries.withLock { $0[endpoint.id] = Entry(secrets: secrets, readAt: time, endpointUpdatedAt: endpoint.updatedAt) }
        return secrets
    }

    func invalidateAll() {
        entries.withLock { $0.removeAll() }
    }

    func invalidate(_ endpointID: String) {
        _ = entries.withLock { $0.removeValue(forKey: endpointID) }
    }
}
