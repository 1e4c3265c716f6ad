import HeraldDelivery
import HeraldStore
import Hummingbird

/// Builds the HTTP API: the router with every route and its middleware. Wiring the router into a
/// running process (store, listener, dispatcher) is `HeraldService`'s job.
public enum APIRouter {
    /// The router for a store and configuration; `tokenHash` is the SHA-256 of the API token.
    /// `endpointChanged` is called with an endpoint's id after it was changed or deleted;
    /// `monitoring` brings the metrics, `/metrics` and what the dispatcher reports.
    public static func build(store: any HeraldStore, configuration: APIConfiguration, tokenHash: [UInt8],
                             endpointChanged: @escaping @Sendable (String) -> Void = { _ in }, monitoring: APIMonitoring = APIMonitoring()) -> Router<HeraldContext> {
        let dependencies = ServerDependencies(store: store, configuration: configuration, endpointChanged: endpointChanged, monitoring: monitoring)
        let router = Router(context: HeraldContext.self, options: .autoGenerateHeadEndpoints)
        router.add(middleware: RequestObservationMiddleware(metrics: monitoring.metrics))
        router.add(middleware: ErrorMiddleware())
        OperationsRoutes(dependencies: dependencies).register(on: router)
        MetricsRoutes(monitoring: monitoring).register(on: router)
        let api = router.group("api/v1").add(middleware: AuthMiddleware(tokenHash: tokenHash))
        ApplicationRoutes(dependencies: dependencies).register(on: api)
        EventTypeRoutes(dependencies: dependencies).register(on: api)
        EndpointRoutes(dependencies: dependencies).register(on: api)
        MessageRoutes(dependencies: dependencies).register(on: api)
        DeliveryRoutes(dependencies: dependencies).register(on: api)
        EndpointTestRoutes(dependencies: dependencies).register(on: api)
        TestInboxRoutes(dependencies: dependencies).register(api: api, public: router)
        StatisticsRoutes(dependencies: dependencies).register(on: api)
        AlertRoutes(dependencies: dependencies).register(on: api)
        // Last, so it sees only the requests that no route took.
        router.add(middleware: MethodNotAllowedMiddleware(routes: RouteMethods(router)))
        return router
    }

    /// A delivery-only process's router: `/health`, `/health/live`, `/metrics` and `/openapi.json`; every
    /// other path is a 404, so a worker exposes no API to whoever can reach it.
    public static func buildHealthOnly(store: any HeraldStore, configuration: APIConfiguration, monitoring: APIMonitoring = APIMonitoring()) -> Router<HeraldContext> {
        let dependencies = ServerDependencies(store: store, configuration: configuration, endpointChanged: { _ in }, monitoring: monitoring)
        let router = Router(context: HeraldContext.self, options: .autoGenerateHeadEndpoints)
        router.add(middleware: RequestObservationMiddleware(metrics: monitoring.metrics))
        router.add(middleware: ErrorMiddleware())
        OperationsRoutes(dependencies: dependencies).register(on: router)
        MetricsRoutes(monitoring: monitoring).register(on: router)
        return router
    }
}
