import ArgumentParser
import Foundation
import HeraldDelivery
import HeraldService
import Logging

/// `herald serve`: run the Herald service. The flags only collect what the command line says;
/// reading and checking every setting is `HeraldSettings`'s job, through swift-configuration.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the Herald service: the HTTP API and delivery on an embedded SQLite database.",
        discussion: """
        Every setting has a flag, a HERALD_* environment variable (shown after each option) and a key in an optional config file (--config, JSON or YAML, e.g. {"port": 9000}). A flag wins over a variable, a variable over the file, the file over the default.

        With no API token configured, one is generated on first start, printed once, and only its hash is stored.

        Examples:
          herald serve
          herald serve --port 9000 --data-dir /var/lib/herald
          HERALD_API_TOKEN=secret herald serve --host 0.0.0.0
          herald serve --config /etc/herald.yaml
        """
    )

    @Option(help: "A JSON or YAML file of settings under their keys, e.g. requestTimeout. [HERALD_CONFIG]")
    var config: String?

    @Option(help: "Interface to listen on. [HERALD_HOST, default 127.0.0.1]")
    var host: String?

    @Option(help: "Port to listen on; 0 picks a free one. [HERALD_PORT, default 8080]")
    var port: Int?

    @Option(help: "Folder for the database and settings. [HERALD_DATA_DIR, default ./herald-data]")
    var dataDir: String?

    @Option(help: "A PostgreSQL database that any number of Herald processes share, e.g. postgres://herald:PASSWORD@db:5432/herald?sslmode=require; without it, SQLite in --data-dir. [HERALD_DATABASE]")
    var database: String?

    @Option(help: "The API token clients must send. [HERALD_API_TOKEN]")
    var apiToken: String?

    @Option(help: "Largest request body accepted, in bytes. [HERALD_MAX_PAYLOAD_BYTES, default 1048576]")
    var maxPayloadBytes: Int?

    @Option(help: "Close a connection whose request head is not complete this long after it opened or after the request's first byte, e.g. 10s. [HERALD_REQUEST_HEAD_TIMEOUT, default 10s]")
    var requestHeadTimeout: String?

    @Option(help: "Close a connection whose request body has not arrived whole this long after its head, e.g. 60s. [HERALD_REQUEST_BODY_TIMEOUT, default 60s]")
    var requestBodyTimeout: String?

    @Option(help: "Close a connection with no request in progress, or whose client stopped reading its response, after this long, e.g. 60s. [HERALD_IDLE_TIMEOUT, default 60s]")
    var idleTimeout: String?

    @Option(help: "Most connections open at once; more are closed as soon as they are accepted. [HERALD_MAX_CONNECTIONS, default 10000]")
    var maxConnections: Int?

    @Flag(inversion: .prefixedNo, help: "Refuse endpoint URLs that are not https. [HERALD_REQUIRE_HTTPS, default false]")
    var requireHttps: Bool?

    @Option(help: "all (API and delivery), api (accept and store only; another process delivers) or worker (deliver only; the listener answers health checks). [HERALD_ROLE, default all]")
    var role: String?

    @Option(help: "trace, debug, info, notice, warning, error or critical. [HERALD_LOG_LEVEL, default info]")
    var logLevel: String?

    @Option(help: "text (one readable line per entry) or json (one object per line, for a log collector). [HERALD_LOG_FORMAT, default text]")
    var logFormat: String?

    @Flag(inversion: .prefixedNo, help: "Keep metrics and serve them at /metrics in the Prometheus text format. [HERALD_METRICS, default true]")
    var metrics: Bool?

    @Option(help: "A token /metrics requires as 'Authorization: Bearer <token>'; without it /metrics is open (aggregate figures only, no ids). [HERALD_METRICS_TOKEN]")
    var metricsToken: String?

    @Option(help: "How often the alert rules are evaluated, e.g. 30s. [HERALD_ALERT_INTERVAL, default 30s]")
    var alertInterval: String?

    @Option(help: "Private ranges deliveries may go to, e.g. 127.0.0.0/8,::1/128. [HERALD_ALLOWED_NETWORKS, default none]")
    var allowedNetworks: String?

    @Option(help: "Delays between attempts, e.g. 5s,5m,30m,2h. [HERALD_RETRY_SCHEDULE, default 5s,5m,30m,2h,5h,10h,14h,20h,24h]")
    var retrySchedule: String?

    @Option(help: "Time one attempt may take, e.g. 15s. [HERALD_REQUEST_TIMEOUT, default 15s]")
    var requestTimeout: String?

    @Option(help: "How long a claim on a delivery lasts; a process that dies leaves its claims to run out this long, then any process makes them. At least twice --request-timeout. [HERALD_LEASE_DURATION, default 2m, or 4 × --request-timeout when longer]")
    var leaseDuration: String?

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
    var operatorWebhookUrl: String?

    @Option(help: "The whsec_ secret operational events are signed with. [HERALD_OPERATOR_WEBHOOK_SECRET, default: generated and printed once]")
    var operatorWebhookSecret: String?

    /// The values given on the command line, under the settings' keys.
    var flagValues: [String: String] {
        let values: [String: String?] = [
            "host": host, "port": port.map(String.init), "dataDir": dataDir, "database": database, "apiToken": apiToken,
            "maxPayloadBytes": maxPayloadBytes.map(String.init), "requireHttps": requireHttps.map(String.init),
            "requestHeadTimeout": requestHeadTimeout, "requestBodyTimeout": requestBodyTimeout, "idleTimeout": idleTimeout,
            "maxConnections": maxConnections.map(String.init),
            "role": role, "logLevel": logLevel, "logFormat": logFormat, "metrics": metrics.map(String.init), "metricsToken": metricsToken, "alertInterval": alertInterval,
            "allowedNetworks": allowedNetworks, "retrySchedule": retrySchedule,
            "requestTimeout": requestTimeout, "leaseDuration": leaseDuration, "endpointConcurrency": endpointConcurrency.map(String.init),
            "circuitBreakerThreshold": circuitBreakerThreshold.map(String.init), "circuitBreakerCoolDown": circuitBreakerCoolDown,
            "disableAfter": disableAfter, "retention": retention, "tlsTrustRoots": tlsTrustRoots,
            "operatorWebhookUrl": operatorWebhookUrl, "operatorWebhookSecret": operatorWebhookSecret,
        ]
        return values.compactMapValues { $0 }
    }

    func run() async throws {
        let settings: HeraldSettings
        do {
            let reader = try await SettingsSources.reader(flags: flagValues, environment: ProcessInfo.processInfo.environment, configFile: config)
            settings = try HeraldSettings(reading: reader)
        } catch {
            throw fail(error.message)
        }
        let redactor = SecretRedactor(literals: settings.secretLiterals)
        LoggingSystem.bootstrap { label in
            HeraldLogHandler(label: label, level: settings.logLevel, format: settings.logFormat, redactor: redactor)
        }
        var logger = Logger(label: "herald")
        logger.logLevel = settings.logLevel
        do {
            let service = try await HeraldService(settings: settings, logger: logger)
            // Printed, never logged: the operator sees each once; only the token's hash is stored.
            // Through the log's own output, so that lines never interleave or wait in a buffer.
            if let token = service.generatedAPIToken {
                LogOutput.standardOutput.write("""
                    Generated an API token (shown only this once; pass it as 'Authorization: Bearer <token>', \
                    or sign in with it to the dashboard at the URL below):
                      \(token)

                    """)
            }
            if let secret = service.generatedOperatorWebhookSecret, let url = settings.delivery.operatorWebhookURL {
                LogOutput.standardOutput.write(
                    "Operational events go to \(url), signed with this secret (generated for this run; set --operator-webhook-secret to keep one):\n  \(secret)\n")
            }
            try await service.run()
        } catch {
            throw fail("\(error)", code: 1)
        }
    }
}
