import HeraldDelivery
import HeraldStore
import Hummingbird

/// Builds the HTTP API: the router with every route and its middleware. Wiring the router into a
/// running process (store, listener, dispatcher) is `HeraldService`'s job.
public enum APIRouter {
    /// The router for a store and configuration; `tokenHash` is the SHA-256 of the API token.
    /// `endpointChanged` is called with an endpoint's id after it was changed or deleted;
    /// `monitoring` brings the metrics, `/metrics` and what the dispatcher reports.
    /// `webKey` signs the web pages' sessions and portal links (``WebKey/provision(store:)``
    /// keeps one in the store; by default a key of this router alone).
    public static func build(store: any HeraldStore, configuration: APIConfiguration, tokenHash: [UInt8],
                             endpointChanged: @escaping @Sendable (String) -> Void = { _ in }, monitoring: APIMonitoring = APIMonitoring(),
                             webKey: WebKey = WebKey(bytes: randomBytes(32))) -> Router<HeraldContext> {
        let dependencies = ServerDependencies(store: store, configuration: configuration, endpointChanged: endpointChanged, monitoring: monitoring)
        let router = Router(context: HeraldContext.self, options: .autoGenerateHeadEndpoints)
        router.add(middleware: RequestObservationMiddleware(metrics: monitoring.metrics))
        router.add(middleware: ErrorMiddleware())
        OperationsRoutes(dependencies: dependencies).register(on: router)
        MetricsRoutes(monitoring: monitoring).register(on: router)
        registerAPI(on: router, dependencies: dependencies, tokenHash: tokenHash, webKey: webKey)
        // The web pages call the same API routes in-process, through a router of their own
        // (without the request log and metrics: the page's own request is logged and counted).
        let inProcess = Router(context: HeraldContext.self)
        inProcess.add(middleware: ErrorMiddleware())
        registerAPI(on: inProcess, dependencies: dependencies, tokenHash: tokenHash, webKey: webKey)
        WebRoutes(api: InProcessAPI(responder: inProcess.buildResponder()), key: webKey, tokenHash: tokenHash, store: store, now: dependencies.now)
            .register(on: router)
        // Last, so it sees only the requests that no route took.
        router.add(middleware: MethodNotAllowedMiddleware(routes: RouteMethods(router)))
        return router
    }

    /// The `/api/v1` routes (and the test inboxes' public receiving route) on `router`.
    private static func registerAPI(on router: Router<HeraldContext>, dependencies: ServerDependencies, tokenHash: [UInt8], webKey: WebKey) {
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
        PortalLinkRoutes(dependencies: dependencies, key: webKey).register(on: api)
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
