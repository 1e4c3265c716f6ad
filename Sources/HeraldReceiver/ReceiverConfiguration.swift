import Herald

/// How a ``WebhookReceiver`` checks, keeps and processes webhooks. The defaults suit a sender
/// that retries for days (as Herald does): duplicates are remembered for a week.
public struct ReceiverConfiguration: Sendable {
    /// The keys a request may be signed with: every secret still valid during a rotation, and
    /// Ed25519 public keys (`whpk_…`).
    public var keys: [VerificationKey]
    /// How far `webhook-timestamp` may be from now, either way, in seconds.
    public var toleranceSeconds: Int64 = WebhookVerifier.defaultToleranceSeconds
    /// Where requests may come from; nil accepts any address (the signature still decides).
    public var allowlist: SourceAllowlist?
    /// The largest body accepted (1 MiB by default).
    public var maximumBodyBytes = Self.defaultMaximumBodyBytes
    /// How long one run of a handler may take before it counts as failed.
    public var handlerTimeout: Duration = .seconds(30)
    /// The pauses between a failed run and the next; once they are used up the event becomes
    /// a dead letter. Five retries by default: after 1 s, 10 s, 1 min, 10 min and 1 h.
    public var retrySchedule: [Duration] = [.seconds(1), .seconds(10), .seconds(60), .seconds(600), .seconds(3600)]
    /// How many handlers run at once.
    public var concurrency = 8
    /// How long handled events and dead letters are kept, and so how long a duplicate is
    /// recognised (7 days by default).
    public var retention: Duration = .seconds(7 * 24 * 3600)
    /// The clock for timestamps (tests pass a fixed one).
    public var clock: WebhookClock = .system

    /// 1 MiB.
    public static let defaultMaximumBodyBytes = 1 << 20

    /// A configuration verifying with `keys`.
    public init(keys: [VerificationKey]) {
        self.keys = keys
    }

    /// A configuration verifying with secrets or public keys given as text (`whsec_…`,
    /// `whpk_…`, or a `whsk_…` signing key reduced to its public half).
    public init(secrets: [String]) throws(KeyFormatError) {
        var keys = [VerificationKey]()
        for secret in secrets { keys.append(try VerificationKey(parsing: secret)) }
        self.init(keys: keys)
    }

    /// The request checks these settings make.
    public var requestCheck: WebhookRequestCheck {
        WebhookRequestCheck(verifier: WebhookVerifier(keys: keys, toleranceSeconds: toleranceSeconds, clock: clock),
                            allowlist: allowlist, maximumBodyBytes: maximumBodyBytes)
    }
}
