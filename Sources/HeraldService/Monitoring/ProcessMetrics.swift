import CoreMetrics
import HeraldDelivery
import HeraldServer
import Prometheus

/// The process's metrics: one Prometheus registry, the factory every part registers with, and
/// the histogram buckets each duration gets. `--no-metrics` makes them all go nowhere.
struct ProcessMetrics: Sendable {
    /// The registry `/metrics` renders; nil when metrics are off.
    let registry: PrometheusCollectorRegistry?
    /// What the dispatcher, the API and the samplers register with.
    let factory: any MetricsFactory

    init(enabled: Bool) {
        guard enabled else {
            registry = nil
            factory = NOOPMetricsHandler.instance
            return
        }
        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        let milliseconds: [Int64] = [5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10_000, 30_000, 60_000]
        factory.durationHistogramBuckets[DeliveryMetrics.attemptDurationLabel] = milliseconds.map { .milliseconds($0) }
        let seconds: [Int64] = [1, 5, 10, 30, 60, 300, 900, 3600, 6 * 3600, 24 * 3600]
        factory.durationHistogramBuckets[DeliveryMetrics.deliveryLatencyLabel] = [.milliseconds(100), .milliseconds(500)] + seconds.map { .seconds($0) }
        let fast: [Int64] = [250, 500, 1000, 2500, 5000, 10_000, 25_000, 50_000, 100_000, 250_000, 1_000_000, 5_000_000]
        factory.durationHistogramBuckets[DeliveryMetrics.storeOperationLabel] = fast.map { .microseconds($0) }
        factory.durationHistogramBuckets[APIMetrics.requestDurationLabel] = fast.map { .microseconds($0) }
        self.registry = registry
        self.factory = factory
    }

    /// The Prometheus text of everything registered, or nil when metrics are off.
    var exposition: (@Sendable () async -> [UInt8])? {
        guard let registry else { return nil }
        return { registry.emitToBuffer() }
    }
}
