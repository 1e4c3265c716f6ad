import HeraldDelivery

/// Everything `herald serve` can be told, with the defaults of DESIGN.md.
public struct ServerConfiguration: Sendable {
    /// What this process runs.
    public enum Role: String, Sendable, CaseIterable {
        /// The API and the dispatcher (the default).
        case all
        /// Only the HTTP API: messages are accepted and stored, another process delivers them.
        case api
    }

    /// What this process runs (`--role`).
    public var role = Role.all
    /// How messages are delivered.
    public var delivery = DeliveryConfiguration()
    /// Messages and their attempts older than this are deleted (`--retention`).
    public var retention: Duration = .seconds(30 * 24 * 3600)
    /// The interface to listen on.
    public var host = "127.0.0.1"
    /// The port to listen on; 0 picks a free one (tests).
    public var port = 8080
    /// Where the SQLite database and the generated token live.
    public var dataDirectory = "./herald-data"
    /// The API token; when nil, one is generated on first start and stored (hashed).
    public var apiToken: String?
    /// The largest request body accepted, in bytes.
    public var maxPayloadBytes = 1 << 20
    /// Refuse endpoint URLs that are not https.
    public var requireHTTPS = false
    /// How long a rotated-out secret keeps signing unless the request says otherwise, in seconds.
    public var defaultSecretGracePeriodSeconds = 24 * 60 * 60

    /// The defaults.
    public init() {}
}
