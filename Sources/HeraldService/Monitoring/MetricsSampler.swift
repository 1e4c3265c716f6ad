import CoreMetrics
import Foundation
import HeraldDelivery
import HeraldStore
import Logging
import ServiceLifecycle

/// Samples what only the store knows, every few seconds, into gauges: the queue (due now,
/// scheduled later, in flight, the oldest due delivery's age), endpoints by state, and whether
/// the store answers. A scrape then never waits on the database; the figures are at most one
/// interval old. On PostgreSQL they cover every process, open circuits included (an API-only
/// process reports those the workers opened).
struct MetricsSampler: Service {
    let store: any HeraldStore
    let circuits: OpenCircuits
    let factory: any MetricsFactory
    let interval: Duration
    let logger: Logger
    let now: @Sendable () -> Int64

    init(store: any HeraldStore, circuits: CircuitBoard?, factory: any MetricsFactory, interval: Duration = .seconds(5), logger: Logger,
         now: @escaping @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970 * 1000) }) {
        self.store = store
        self.circuits = OpenCircuits(store: store, board: circuits)
        self.factory = factory
        self.interval = interval
        self.logger = logger
        self.now = now
    }

    func run() async throws {
        let gauges = Gauges(factory: factory)
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await sample(into: gauges)
                try? await Task.sleep(for: interval)
            }
        }
    }

    /// One sample.
    func sample(into gauges: Gauges) async {
        let time = now()
        do {
            let depth = try await store.queueDepth(now: time)
            gauges.queue[0].record(depth.dueNow)
            gauges.queue[1].record(depth.scheduledLater)
            gauges.queue[2].record(depth.inFlight)
            gauges.oldestDueAge.record(depth.oldestDueAt.map { Double(max(0, time - $0)) / 1000 } ?? 0)
            let counts = try await store.endpointStateCounts(appID: nil)
            let open = min(counts.failing, try await circuits.openUntil(now: time).count)
            gauges.endpoints[0].record(max(0, counts.total - counts.disabled - counts.failing))
            gauges.endpoints[1].record(max(0, counts.failing - open))
            gauges.endpoints[2].record(open)
            gauges.endpoints[3].record(counts.disabled)
            gauges.storeUp.record(1)
        } catch {
            gauges.storeUp.record(0)
            logger.warning("could not sample the queue for /metrics", metadata: ["error": "\(error)"])
        }
    }

    /// The gauges it writes.
    struct Gauges: Sendable {
        /// `herald_queue_deliveries{state="due|scheduled|in_flight"}`.
        let queue: [Gauge]
        /// `herald_queue_oldest_due_age_seconds`.
        let oldestDueAge: Gauge
        /// `herald_endpoints{state="healthy|failing|circuit_open|disabled"}`.
        let endpoints: [Gauge]
        /// `herald_store_up`.
        let storeUp: Gauge

        init(factory: any MetricsFactory) {
            queue = ["due", "scheduled", "in_flight"].map { Gauge(label: "herald_queue_deliveries", dimensions: [("state", $0)], factory: factory) }
            oldestDueAge = Gauge(label: "herald_queue_oldest_due_age_seconds", factory: factory)
            endpoints = ["healthy", "failing", "circuit_open", "disabled"].map {
                Gauge(label: "herald_endpoints", dimensions: [("state", $0)], factory: factory)
            }
            storeUp = Gauge(label: "herald_store_up", factory: factory)
        }
    }
}
