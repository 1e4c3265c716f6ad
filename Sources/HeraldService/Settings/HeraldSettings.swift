import Foundation
import Herald
import HeraldDelivery
import HeraldListener
import HeraldServer
import Logging

/// Everything `herald serve` can be told, with the defaults of DESIGN.md: the settings the
/// composition root (``HeraldService``) builds the process from.
public struct HeraldSettings: Sendable {
    /// What a process runs.
    public enum Role: String, Sendable, CaseIterable {
        /// The API and the dispatcher (the default).
        case all
        /// Only the HTTP API: messages are accepted and stored, another process delivers them.
        case api
        /// Only delivery: the dispatcher and the retention sweep; the listener answers the
        /// health checks (`/health`, `/health/live`) and nothing else, so API and delivery scale
        /// separately.
        case worker

        /// True when this process runs the HTTP API.
        public var servesAPI: Bool { self != .worker }
        /// True when this process delivers.
        public var delivers: Bool { self != .api }
    }

    /// What this process runs (`--role`).
    public var role = Role.all
    /// The interface to listen on.
    public var host = "127.0.0.1"
    /// The port to listen on; 0 picks a free one (tests).
    public var port = 8080
    /// Where the SQLite database and the generated token live.
    public var dataDirectory = "./herald-data"
    /// A PostgreSQL database shared by every Herald process (`postgres://…`); nil keeps
    /// everything in SQLite in ``dataDirectory``.
    public var database: String?
    /// The API token; when nil, one is generated on first start and stored (hashed).
    public var apiToken: String?
    /// The least severe log level written.
    public var logLevel = Logger.Level.info
    /// How log lines are written (`--log-format`).
    public var logFormat = LogFormat.text
    /// Whether metrics are kept and served at `/metrics` (`--no-metrics` turns them off).
    public var metrics = true
    /// The token `/metrics` requires, if any; without one it is open (aggregate figures only).
    public var metricsToken: String?
    /// How often the alert rules are evaluated (`--alert-interval`).
    public var alertInterval: Duration = .seconds(30)
    /// What the HTTP API needs: body limit, https requirement, secret grace period, retention, network guard.
    public var api = APIConfiguration()
    /// How messages are delivered.
    public var delivery = DeliveryConfiguration()
    /// The HTTP listener's limits: request head and body deadlines, idle timeout, connection cap.
    public var listener = ListenerConfiguration()

    /// Messages and their attempts older than this are deleted (`--retention`).
    public var retention: Duration {
        get { api.retention }
        set { api.retention = newValue }
    }

    /// The secrets these settings hold, for the log's redactor: the API and metrics tokens, the
    /// database's password and the operator webhook's secret.
    public var secretLiterals: [String] {
        var secrets = [apiToken, metricsToken, delivery.operatorWebhookSecret?.serialized].compactMap { $0 }
        if let database, let password = URLComponents(string: database)?.password { secrets.append(password) }
        return secrets
    }

    /// The defaults.
    public init() {}
}
