import Foundation
import HeraldDelivery
import HeraldStore
import Hummingbird
import Logging
import ServiceLifecycle

/// `herald serve`: opens the store, provisions the API token, and runs the HTTP service until
/// SIGTERM or SIGINT, after which in-flight requests finish before the process exits.
public enum HeraldServerRuntime {
    /// Runs the whole service in this process.
    public static func run(configuration: ServerConfiguration, logger: Logger) async throws {
        let directory = URL(fileURLWithPath: configuration.dataDirectory).standardizedFileURL.path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let databasePath = SQLiteStore.databasePath(inDataDirectory: directory)
        let store = try SQLiteStore(path: databasePath)
        let token = try await APIToken.provision(configured: configuration.apiToken, store: store)
        if let generated = token.newlyGenerated {
            // Printed, never logged: the operator sees it once; only its hash is stored.
            let notice = "Generated an API token (shown only this once; pass it as 'Authorization: Bearer <token>'):\n  \(generated)\n"
            FileHandle.standardOutput.write(Data(notice.utf8))
        }
        // Endpoints on one host share the client's per-host pool, so its limit is the dispatcher's
        // whole budget; each endpoint's own limit is kept by the dispatcher.
        let client = WebhookSender.makeClient(maximumConnectionsPerHost: configuration.delivery.maximumInFlight,
                                              trustRootsFile: configuration.delivery.trustRootsFile)
        let dispatcher = DeliveryDispatcher(store: store, client: client, configuration: configuration.delivery, logger: logger)
        let retention = RetentionService(store: store, retention: configuration.retention, logger: logger)
        let app = HeraldHTTPApplication.application(
            store: store, configuration: configuration, tokenHash: token.hash, logger: logger,
            endpointChanged: { dispatcher.endpointChanged($0) }
        ) { port in
            logger.info("Herald listening on http://\(configuration.host):\(port), data in \(databasePath)")
        }
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [.init(service: app)]
        if configuration.role == .all {
            services += [.init(service: dispatcher), .init(service: retention)]
        }
        let group = ServiceGroup(configuration: .init(
            services: services,
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger
        ))
        do {
            try await group.run()
        } catch {
            try? await client.shutdown()
            throw error
        }
        try await client.shutdown()
    }
}
