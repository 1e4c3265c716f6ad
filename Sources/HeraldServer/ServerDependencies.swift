import Foundation
import Herald
import HeraldDelivery
import HeraldStore
import HTTPTypes

/// What the route handlers share.
struct ServerDependencies: Sendable {
    let store: any HeraldStore
    let configuration: APIConfiguration
    let catalog: EventTypeCatalog
    let applications: ApplicationCache
    let ids: PrefixedIDGenerator
    /// Milliseconds since 1970.
    let now: @Sendable () -> Int64
    /// Tells the dispatcher that an endpoint changed, so it drops what it holds for it.
    let endpointChanged: @Sendable (String) -> Void
    /// Metrics, `/metrics` and what the dispatcher reports.
    let monitoring: APIMonitoring
    /// The circuits this process's dispatcher holds open, when it delivers.
    var circuits: CircuitBoard? { monitoring.circuits }

    init(store: any HeraldStore, configuration: APIConfiguration, endpointChanged: @escaping @Sendable (String) -> Void = { _ in },
         monitoring: APIMonitoring = APIMonitoring(), now: @escaping @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970 * 1000) }) {
        self.store = store
        self.monitoring = monitoring
        self.configuration = configuration
        self.endpointChanged = endpointChanged
        let catalog = EventTypeCatalog(store: store)
        let applications = ApplicationCache(store: store)
        self.catalog = catalog
        self.applications = applications
        self.ids = .shared
        self.now = now
        // Another process changed something these caches hold: drop it. (Weak: the store
        // outlives neither, but holds the handler.)
        (store as? any StoreChangeFeed)?.onChange({ [weak catalog, weak applications] change in
            switch change {
            case .application(let id): applications?.invalidate(id)
            case .eventType(let name): catalog?.remove(name)
            case .endpoint: break
            }
        }, resynchronize: { [weak catalog, weak applications] in
            catalog?.removeAll()
            applications?.removeAll()
        })
    }

    /// The application named by the `{app}` path parameter, or a 404.
    func application(_ idOrUID: String) async throws -> ApplicationRecord {
        guard let record = try await applications.application(idOrUID) else {
            throw APIError.notFound("no application with id or uid '\(idOrUID)'")
        }
        return record
    }
}

extension StoreError {
    /// The API's answer for a store failure.
    var apiError: APIError {
        if code == .conflict { return APIError.conflict(message) }
        if code == .notFound { return APIError.notFound(message) }
        // Unavailable, and any code a store adds later: the message may name internals, so the
        // client gets a generic answer and the log gets the detail.
        return APIError(.serviceUnavailable, "store_unavailable", "the database is not reachable; try again")
    }
}
