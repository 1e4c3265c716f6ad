/// Sends each event to the handler for its type and version, decoding its data on the way.
///
/// ```swift
/// var router = WebhookEventRouter()
/// router.on("order.created", version: "2", as: OrderV2.self) { order, event in try await ship(order) }
/// router.on("order.created", as: OrderV1.self) { order, event in try await ship(order.upgraded()) }
/// router.otherwise { event in logger.notice("not handled", metadata: ["type": "\(event.type)"]) }
/// ```
///
/// The most specific registration wins: the event's type and version, then its type with any
/// version (a registration without `version:`), then `otherwise`. An event no registration
/// takes is recorded as `unhandled` rather than failed: running it again would not help, and
/// it can be replayed once a handler exists.
public struct WebhookEventRouter: Sendable {
    /// A handler of raw events.
    public typealias Handler = @Sendable (ReceivedEvent) async throws -> Void

    private var byVersion: [Key: Handler] = [:]
    private var byType: [String: Handler] = [:]
    private var fallback: Handler?

    private struct Key: Hashable {
        let type: String
        let version: String
    }

    /// An empty router.
    public init() {}

    /// Handles `type` (at `version`, or any version when nil) with its data decoded as `T`.
    /// Data that does not decode as `T` fails the run (and so is retried, then dead-lettered).
    public mutating func on<T: Decodable & Sendable>(_ type: String, version: String? = nil, as payload: T.Type,
                                                     _ handler: @escaping @Sendable (T, ReceivedEvent) async throws -> Void) {
        on(type, version: version) { event in try await handler(try event.decode(T.self), event) }
    }

    /// Handles `type` (at `version`, or any version when nil) with the raw event.
    public mutating func on(_ type: String, version: String? = nil, _ handler: @escaping Handler) {
        if let version {
            byVersion[Key(type: type, version: version)] = handler
        } else {
            byType[type] = handler
        }
    }

    /// Handles every event no other registration takes: unknown types and unknown versions.
    public mutating func otherwise(_ handler: @escaping Handler) {
        fallback = handler
    }

    /// The handler for `event`, if any.
    public func handler(for event: ReceivedEvent) -> Handler? {
        if let version = event.version, let handler = byVersion[Key(type: event.type, version: version)] { return handler }
        return byType[event.type] ?? fallback
    }
}
