import Hummingbird
import HeraldStore
import Logging

/// Builds the HTTP side of Herald: the router with every route, its middleware and the
/// Hummingbird application that serves it.
public enum HeraldHTTPApplication {
    /// The router for a store and configuration; `tokenHash` is the SHA-256 of the API token.
    public static func router(store: any HeraldStore, configuration: ServerConfiguration, tokenHash: [UInt8],
                              endpointChanged: @escaping @Sendable (String) -> Void = { _ in }) -> Router<HeraldContext> {
        let dependencies = ServerDependencies(store: store, configuration: configuration, endpointChanged: endpointChanged)
        let router = Router(context: HeraldContext.self, options: .autoGenerateHeadEndpoints)
        router.add(middleware: ErrorMiddleware())
        OperationsRoutes(dependencies: dependencies).register(on: router)
        let api = router.group("api/v1").add(middleware: AuthMiddleware(tokenHash: tokenHash))
        ApplicationRoutes(dependencies: dependencies).register(on: api)
        EventTypeRoutes(dependencies: dependencies).register(on: api)
        EndpointRoutes(dependencies: dependencies).register(on: api)
        MessageRoutes(dependencies: dependencies).register(on: api)
        DeliveryRoutes(dependencies: dependencies).register(on: api)
        // Last, so it sees only the requests that no route took.
        router.add(middleware: MethodNotAllowedMiddleware(routes: RouteMethods(router)))
        return router
    }

    /// The application listening on the configured host and port.
    public static func application(
        store: any HeraldStore, configuration: ServerConfiguration, tokenHash: [UInt8], logger: Logger,
        endpointChanged: @escaping @Sendable (String) -> Void = { _ in },
        onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        Application(
            router: router(store: store, configuration: configuration, tokenHash: tokenHash, endpointChanged: endpointChanged),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "Herald"),
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? configuration.port) },
            logger: logger
        )
    }
}
