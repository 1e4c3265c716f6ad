import ArgumentParser
import Foundation
import Herald
import HeraldDelivery
import HeraldServer
import HeraldService
import Logging

/// `herald serve`: run the Herald service.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the Herald service: the HTTP API on an embedded SQLite database.",
        discussion: """
        Every option can also be set with its HERALD_* environment variable (shown after each
        option); a flag on the command line wins. With no API token configured, one is
        generated on first start, printed once, and only its hash is stored.

        Examples:
          herald serve
          herald serve --port 9000 --data-dir /var/lib/herald
          HERALD_API_TOKEN=secret herald serve --host 0.0.0.0
        """
    )

    @Option(help: "Interface to listen on. [HERALD_HOST, default 127.0.0.1]")
    var host: String?

    @Option(help: "Port to listen on; 0 picks a free one. [HERALD_PORT, default 8080]")
    var port: Int?

    @Option(help: "Folder for the database and settings. [HERALD_DATA_DIR, default ./herald-data]")
    var dataDir: String?

    @Option(help: "The API token clients must send. [HERALD_API_TOKEN]")
    var apiToken: String?

    @Option(help: "Largest request body accepted, in bytes. [HERALD_MAX_PAYLOAD_BYTES, default 1048576]")
    var maxPayloadBytes: Int?

    @Flag(help: "Refuse endpoint URLs that are not https. [HERALD_REQUIRE_HTTPS=true]")
    var requireHTTPS = false

    @Option(help: "all (API and delivery) or api (accept and store only; another process delivers). [HERALD_ROLE, default all]")
    var role: String?

    @Option(help: "trace, debug, info, notice, warning, error or critical. [HERALD_LOG_LEVEL, default info]")
    var logLevel: String?

    @Option(help: "Private ranges deliveries may go to, e.g. 127.0.0.0/8,::1/128. [HERALD_ALLOWED_NETWORKS, default none]")
    var allowedNetworks: String?

    @Option(help: "Delays between attempts, e.g. 5s,5m,30m,2h. [HERALD_RETRY_SCHEDULE, default 5s,5m,30m,2h,5h,10h,14h,20h,24h]")
    var retrySchedule: String?

    @Option(help: "Time one attempt may take, e.g. 15s. [HERALD_REQUEST_TIMEOUT, default 15s]")
    var requestTimeout: String?

    @Option(help: "Attempts in flight per endpoint. [HERALD_ENDPOINT_CONCURRENCY, default 10]")
    var endpointConcurrency: Int?

    @Option(help: "Consecutive failures that open an endpoint's circuit. [HERALD_CIRCUIT_BREAKER_THRESHOLD, default 10]")
    var circuitBreakerThreshold: Int?

    @Option(help: "How long an open circuit waits before a probe, e.g. 30s. [HERALD_CIRCUIT_BREAKER_COOL_DOWN, default 30s]")
    var circuitBreakerCoolDown: String?

    @Option(help: "Disable an endpoint failing without success for this long, e.g. 5d. [HERALD_DISABLE_AFTER, default 5d]")
    var disableAfter: String?

    @Option(help: "Delete messages and attempts older than this, e.g. 30d. [HERALD_RETENTION, default 30d]")
    var retention: String?

    @Option(help: "A PEM file of extra CA certificates trusted for https endpoints (e.g. an internal CA). [HERALD_TLS_TRUST_ROOTS]")
    var tlsTrustRoots: String?

    @Option(help: "Where operational events (failing, exhausted, disabled, recovered) are POSTed. [HERALD_OPERATOR_WEBHOOK_URL]")
    var operatorWebhookURL: String?

    @Option(help: "The whsec_ secret operational events are signed with. [HERALD_OPERATOR_WEBHOOK_SECRET, default: generated and logged once]")
    var operatorWebhookSecret: String?

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        var configuration = HeraldSettings()
        configuration.host = host ?? environment["HERALD_HOST"] ?? configuration.host
        configuration.port = try port ?? Self.integer(environment, "HERALD_PORT") ?? configuration.port
        configuration.dataDirectory = dataDir ?? environment["HERALD_DATA_DIR"] ?? configuration.dataDirectory
        configuration.apiToken = apiToken ?? environment["HERALD_API_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
        configuration.api.maxPayloadBytes = try maxPayloadBytes ?? Self.integer(environment, "HERALD_MAX_PAYLOAD_BYTES") ?? configuration.api.maxPayloadBytes
        configuration.api.requireHTTPS = requireHTTPS || ["1", "true", "yes"].contains(environment["HERALD_REQUIRE_HTTPS"]?.lowercased() ?? "")
        guard (0...65535).contains(configuration.port) else { throw fail("--port must be from 0 to 65535") }
        let roleText = role ?? environment["HERALD_ROLE"] ?? "all"
        guard let parsedRole = HeraldSettings.Role(rawValue: roleText) else { throw fail("--role must be 'all' or 'api', got '\(roleText)'") }
        configuration.role = parsedRole
        try DeliveryOptions.apply(self, environment: environment, to: &configuration)
        configuration.api.networkGuard = configuration.delivery.networkGuard
        guard configuration.api.maxPayloadBytes >= 1024 else { throw fail("--max-payload-bytes must be at least 1024") }
        let levelText = logLevel ?? environment["HERALD_LOG_LEVEL"] ?? "info"
        guard let level = Logger.Level(rawValue: levelText.lowercased()) else {
            throw fail("--log-level must be one of trace, debug, info, notice, warning, error, critical")
        }
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardOutput(label: label)
            handler.logLevel = level
            return handler
        }
        var logger = Logger(label: "herald")
        logger.logLevel = level
        configuration.logLevel = level
        do {
            let service = try await HeraldService(settings: configuration, logger: logger)
            if let generated = service.generatedAPIToken {
                // Printed, never logged: the operator sees it once; only its hash is stored.
                print("Generated an API token (shown only this once; pass it as 'Authorization: Bearer <token>'):\n  \(generated)")
            }
            try await service.run()
        } catch {
            throw fail("\(error)", code: 1)
        }
    }

    private static func integer(_ environment: [String: String], _ name: String) throws -> Int? {
        guard let text = environment[name], !text.isEmpty else { return nil }
        guard let value = Int(text) else { throw fail("\(name) must be a whole number, got '\(text)'") }
        return value
    }
}
