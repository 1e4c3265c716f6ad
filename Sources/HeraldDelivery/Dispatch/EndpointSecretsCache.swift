import Herald
import HeraldStore
import Synchronization

/// Each endpoint's signing secrets still in their grace period, read from the store at most
/// every few seconds, and at once after the API changed the endpoint.
final class EndpointSecretsCache: Sendable {
    private struct Entry {
        let secrets: [WebhookSecret]
        let readAt: Int64
    }

    private let store: any HeraldStore
    private let now: @Sendable () -> Int64
    private let entries = Mutex<[String: Entry]>([:])
    private let lifetime: Int64 = 5000

    init(store: any HeraldStore, now: @escaping @Sendable () -> Int64) {
        self.store = store
        self.now = now
    }

    func secrets(for endpointID: String) async -> [WebhookSecret] {
        let time = now()
        if let entry = entries.withLock({ $0[endpointID] }), time - entry.readAt < lifetime { return entry.secrets }
        let records = (try? await store.endpointSecrets(endpointID: endpointID, now: time)) ?? []
        let secrets = records.compactMap { try? WebhookSecret($0.key) }
        entries.withLock { $0[endpointID] = Entry(secrets: secrets, readAt: time) }
        return secrets
    }

    func invalidate(_ endpointID: String) {
        _ = entries.withLock { $0.removeValue(forKey: endpointID) }
    }
}
