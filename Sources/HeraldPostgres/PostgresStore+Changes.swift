import HeraldStore
import PostgresNIO
import Synchronization

/// One subscriber to the change feed.
struct ChangeHandler: Sendable {
    let change: @Sendable (StoreChange) -> Void
    let resynchronize: @Sendable () -> Void
}

extension PostgresStore: StoreChangeFeed {
    /// The channel the triggers of migration 3 announce changes on.
    static let changesChannel = "herald_changes"

    public func onChange(_ handler: @escaping @Sendable (StoreChange) -> Void, resynchronize: @escaping @Sendable () -> Void) {
        changeHandlers.withLock { $0.append(ChangeHandler(change: handler, resynchronize: resynchronize)) }
    }

    /// Holds one pooled connection listening on ``changesChannel`` and hands every change to the
    /// handlers; a lost connection is replaced after a second, and once listening again the
    /// handlers resynchronize (what changed meanwhile went unheard).
    func listenForChanges() async {
        while !Task.isCancelled {
            do {
                try await client.withConnection { connection in
                    try await connection.listen(on: Self.changesChannel) { notifications in
                        for handler in self.changeHandlers.withLock({ $0 }) { handler.resynchronize() }
                        for try await notification in notifications {
                            guard let change = Self.change(notification.payload) else { continue }
                            for handler in self.changeHandlers.withLock({ $0 }) { handler.change(change) }
                        }
                    }
                }
            } catch {
                if Task.isCancelled { return }
                logger.warning("lost the PostgreSQL change listener; listening again in 1 s", metadata: ["error": "\(Self.describe(error))"])
            }
            try? await Task.sleep(for: .seconds(1))
        }
    }

    /// `application:<id>`, `event-type:<name>` or `endpoint:<id>` as a change; nil for anything else.
    static func change(_ payload: String) -> StoreChange? {
        guard let colon = payload.firstIndex(of: ":") else { return nil }
        let subject = String(payload[payload.index(after: colon)...])
        switch payload[..<colon] {
        case "application": return .application(id: subject)
        case "event-type": return .eventType(name: subject)
        case "endpoint": return .endpoint(id: subject)
        default: return nil
        }
    }
}
