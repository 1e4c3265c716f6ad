import HeraldDelivery

/// What the API reports on beyond its own routes: its metrics, the Prometheus exposition of
/// the whole process, the circuits of this process's dispatcher, and whether that dispatcher runs.
public struct APIMonitoring: Sendable {
    /// The API's own metrics.
    public var metrics: APIMetrics
    /// The text of `/metrics` (the Prometheus exposition format), made afresh per scrape; nil
    /// when metrics are off, and then `/metrics` is a 404.
    public var exposition: (@Sendable () async -> [UInt8])?
    /// SHA-256 of the token `/metrics` requires as `Authorization: Bearer <token>`; nil leaves
    /// it open (it holds aggregate figures only: no ids, no payloads, no secrets).
    public var metricsTokenHash: [UInt8]?
    /// The circuits this process's dispatcher holds open, when it delivers.
    public var circuits: CircuitBoard?
    /// Whether this process's dispatcher is running; nil when the process does not deliver.
    public var dispatcherRunning: (@Sendable () -> Bool)?

    /// Monitoring with these parts.
    public init(metrics: APIMetrics = .none, exposition: (@Sendable () async -> [UInt8])? = nil, metricsTokenHash: [UInt8]? = nil,
                circuits: CircuitBoard? = nil, dispatcherRunning: (@Sendable () -> Bool)? = nil) {
        self.metrics = metrics
        self.exposition = exposition
        self.metricsTokenHash = metricsTokenHash
        self.circuits = circuits
        self.dispatcherRunning = dispatcherRunning
    }
}
