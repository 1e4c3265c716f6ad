import CoreMetrics
import HeraldStore

/// The dispatcher's metrics, made once from the process's metrics factory (Prometheus in
/// `herald serve`, nothing when metrics are off). Names follow Prometheus conventions and are
/// documented in docs/monitoring.md; no label carries an id.
public struct DeliveryMetrics: Sendable {
    /// `herald_delivery_attempts_total{outcome}`, indexed as ``AttemptOutcomeClass/allCases``.
    let attempts: [Counter]
    /// `herald_delivery_attempt_duration_seconds`: one per request (a batch's request once).
    let attemptDuration: Timer
    /// `herald_delivery_latency_seconds`: from a message's acceptance to its successful delivery.
    let deliveryLatency: Timer
    /// `herald_store_operation_duration_seconds{operation="claim"}`.
    let claimDuration: Timer
    /// `herald_store_operation_duration_seconds{operation="record_attempts"}`.
    let recordDuration: Timer

    /// The label of the store operation timers, shared with the API's.
    public static let storeOperationLabel = "herald_store_operation_duration_seconds"
    /// The label of the attempt duration histogram.
    public static let attemptDurationLabel = "herald_delivery_attempt_duration_seconds"
    /// The label of the acceptance-to-delivery histogram.
    public static let deliveryLatencyLabel = "herald_delivery_latency_seconds"

    /// The metrics, registered with `factory`.
    public init(factory: any MetricsFactory) {
        attempts = AttemptOutcomeClass.allCases.map {
            Counter(label: "herald_delivery_attempts_total", dimensions: [("outcome", $0.rawValue)], factory: factory)
        }
        attemptDuration = Timer(label: Self.attemptDurationLabel, preferredDisplayUnit: .seconds, factory: factory)
        deliveryLatency = Timer(label: Self.deliveryLatencyLabel, preferredDisplayUnit: .seconds, factory: factory)
        claimDuration = Timer(label: Self.storeOperationLabel, dimensions: [("operation", "claim")], preferredDisplayUnit: .seconds, factory: factory)
        recordDuration = Timer(label: Self.storeOperationLabel, dimensions: [("operation", "record_attempts")], preferredDisplayUnit: .seconds, factory: factory)
    }

    /// Metrics that go nowhere.
    public static let none = DeliveryMetrics(factory: NOOPMetricsHandler.instance)

    /// A claim that started at `started` returned.
    func claimed(since started: ContinuousClock.Instant) { claimDuration.recordNanoseconds(started.nanosecondsSince) }

    /// An attempt record write that started at `started` returned.
    func recorded(since started: ContinuousClock.Instant) { recordDuration.recordNanoseconds(started.nanosecondsSince) }

    /// Counts a request's outcome for each of its `members` and, when it succeeded, how long
    /// each member took from acceptance (`acceptedAt`) to `now`.
    func attempted(_ result: AttemptResult, acceptedAt: [Int64], now: Int64) {
        let outcome = AttemptOutcomeClass(status: result.status, errorKind: result.errorKind?.rawValue)
        attempts[outcome.index].increment(by: acceptedAt.count)
        attemptDuration.recordMilliseconds(result.durationMilliseconds)
        if result.succeeded {
            for accepted in acceptedAt { deliveryLatency.recordMilliseconds(max(0, now - accepted)) }
        }
    }
}

extension ContinuousClock.Instant {
    /// Nanoseconds from this instant to now, for a timer.
    package var nanosecondsSince: Int64 {
        let elapsed = ContinuousClock.now - self
        return elapsed.components.seconds * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000
    }
}
