import Herald
import HeraldStore

/// How the dispatcher delivers: DESIGN.md's defaults, each overridable by a `herald serve` flag.
public struct DeliveryConfiguration: Sendable {
    /// Delays between attempts (`--retry-schedule`).
    public var schedule = RetrySchedule.standard
    /// How long one attempt may take (`--request-timeout`).
    public var requestTimeout: Duration = .seconds(15)
    /// Deliveries the dispatcher holds at once: queued for a slot, on the wire, or waiting for
    /// their attempt to be written. Enough for every slot of a batched endpoint to carry a full
    /// batch while the next ones are claimed.
    public var maximumHeldDeliveries = 4096
    /// Payload bytes those deliveries may hold together: no claim is made past it, so memory
    /// stays bounded however large the payloads are.
    public var maximumHeldPayloadBytes = 64 << 20
    /// Requests on the wire at once, over every endpoint; also the HTTP client's connection
    /// limit per host, since endpoints on one host share its pool.
    public var maximumRequestsInFlight = 512
    /// Attempts on the wire per endpoint at once (`--endpoint-concurrency`).
    public var endpointConcurrency = 10
    /// Consecutive failures that open an endpoint's circuit (`--circuit-breaker-threshold`).
    public var breakerThreshold = 10
    /// How long an open circuit waits before one probe (`--circuit-breaker-cool-down`).
    public var breakerCoolDown: Duration = .seconds(30)
    /// An endpoint failing without any success for this long is disabled (`--disable-after`).
    public var disableAfter: Duration = .seconds(5 * 24 * 3600)
    /// How long a claim lasts; an attempt not recorded by then is made again.
    public var leaseDuration: Duration = .seconds(120)

    /// The deadline of an attempt to `endpoint`: its own `timeoutMs`, or ``requestTimeout``;
    /// never more than half the lease, so that every attempt ends well within its claim (an
    /// endpoint's `timeoutMs` may be longer than a short `--lease-duration` leaves room for).
    public func attemptTimeout(for endpoint: EndpointRecord) -> Duration {
        min(endpoint.timeoutMilliseconds.map { .milliseconds($0) } ?? requestTimeout, leaseDuration / 2)
    }

    /// How long before its lease ends a queued delivery is no longer started, beyond its
    /// attempt's deadline: the time that attempt takes to be recorded. A tenth of the lease,
    /// at most 5 s, so that with the shortest lease allowed (twice the request timeout) a
    /// claimed delivery still has four tenths of its lease to start in.
    public var leaseMargin: Duration { min(.seconds(5), leaseDuration / 10) }
    /// Which private ranges may be delivered to.
    public var networkGuard = NetworkGuard()
    /// True when no other process uses the store (SQLite): claims left by a crash are released at start.
    public var storeIsExclusive = true
    /// A PEM file of extra certificate authorities trusted for https endpoints, besides the
    /// system's (`--tls-trust-roots`), e.g. an internal CA.
    public var trustRootsFile: String?
    /// Where operational events go, if anywhere (`--operator-webhook-url`).
    public var operatorWebhookURL: String?
    /// The secret operational events are signed with.
    public var operatorWebhookSecret: WebhookSecret?

    /// The defaults.
    public init() {}
}
