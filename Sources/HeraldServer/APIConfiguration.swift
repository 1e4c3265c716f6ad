import HeraldDelivery

/// What the HTTP API's handlers need to know about the server they run in.
public struct APIConfiguration: Sendable {
    /// The largest request body accepted, in bytes.
    public var maxPayloadBytes = 1 << 20
    /// Refuse endpoint URLs that are not https.
    public var requireHTTPS = false
    /// How long a rotated-out secret keeps signing unless the request says otherwise, in seconds.
    public var defaultSecretGracePeriodSeconds = 24 * 60 * 60
    /// How long messages are kept: `recover` cannot reach further back.
    public var retention: Duration = .seconds(30 * 24 * 3600)
    /// The delivery network guard: endpoint URLs whose host is a refused address literal are refused at once.
    public var networkGuard = NetworkGuard()

    /// How many requests a test inbox keeps (the newest).
    public var inboxRequestsKept = 100
    /// How much of each request's body a test inbox keeps, in bytes.
    public var inboxBodyBytesKept = 64 << 10
    /// How long a test inbox lives unless its creator says otherwise.
    public var inboxLifetime: Duration = .seconds(24 * 3600)

    /// How long an endpoint test waits for its attempt to be recorded before answering 202
    /// without it; nil answers at once (a process that does not deliver: its role is api).
    public var testAttemptWait: Duration?

    /// The defaults.
    public init() {}
}
