/// A change to what the API and the dispatcher keep in memory, made by any process sharing the
/// store: they drop what they hold for it and read it again.
public enum StoreChange: Sendable, Hashable {
    /// An application was updated or deleted.
    case application(id: String)
    /// An event type was created, updated or deleted.
    case eventType(name: String)
    /// An endpoint was updated, deleted, or had its secret rotated.
    case endpoint(id: String)
}

/// A store shared by several processes tells each of them of the others' changes (PostgreSQL:
/// through NOTIFY, from triggers, so that every writer is heard, an operator's SQL included).
/// A process hears its own changes too; handling one twice does no harm.
public protocol StoreChangeFeed: Sendable {
    /// Calls `handler` with every change, from the listener's task, until the store stops.
    /// Handlers must be quick (drop a cache entry, ring a signal). When the listener lost its
    /// connection, changes made meanwhile went unheard: once it listens again it calls
    /// `resynchronize`, after which the handler's owner should drop everything it holds.
    func onChange(_ handler: @escaping @Sendable (StoreChange) -> Void, resynchronize: @escaping @Sendable () -> Void)
}
