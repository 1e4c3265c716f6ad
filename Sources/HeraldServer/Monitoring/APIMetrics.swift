import CoreMetrics
import HTTPTypes
import Synchronization

/// The API's metrics: requests by route, method and status with their durations, messages
/// accepted by event type, and the store's accept latency. Label values are bounded: routes
/// are the router's patterns (`/api/v1/apps/{app}`, or `unmatched`), event types are the
/// catalog's names; no id is ever a label.
public final class APIMetrics: Sendable {
    private let factory: any MetricsFactory
    private let acceptDuration: Timer
    private let counters = Mutex<[String: Counter]>([:])
    private let timers = Mutex<[String: Timer]>([:])

    /// The metrics, registered with `factory`.
    public init(factory: any MetricsFactory) {
        self.factory = factory
        acceptDuration = Timer(label: "herald_store_operation_duration_seconds", dimensions: [("operation", "accept_message")],
                               preferredDisplayUnit: .seconds, factory: factory)
    }

    /// Metrics that go nowhere.
    public static let none = APIMetrics(factory: NOOPMetricsHandler.instance)

    /// The label of the request duration histogram.
    public static let requestDurationLabel = "herald_api_request_duration_seconds"

    /// One request answered.
    func request(route: String, method: HTTPRequest.Method, status: Int, nanoseconds: Int64) {
        let methodName = method.rawValue
        let counterKey = "\(route) \(methodName) \(status)"
        let counter = counters.withLock { counters in
            if let counter = counters[counterKey] { return counter }
            let counter = Counter(label: "herald_api_requests_total", dimensions: [("route", route), ("method", methodName), ("status", "\(status)")],
                                  factory: factory)
            counters[counterKey] = counter
            return counter
        }
        counter.increment()
        let timerKey = "\(route) \(methodName)"
        let timer = timers.withLock { timers in
            if let timer = timers[timerKey] { return timer }
            let timer = Timer(label: Self.requestDurationLabel, dimensions: [("route", route), ("method", methodName)], preferredDisplayUnit: .seconds,
                              factory: factory)
            timers[timerKey] = timer
            return timer
        }
        timer.recordNanoseconds(nanoseconds)
    }

    /// A message of `eventType` accepted (not a duplicate or a replay).
    func messageAccepted(eventType: String) {
        let key = "accepted \(eventType)"
        let counter = counters.withLock { counters in
            if let counter = counters[key] { return counter }
            let counter = Counter(label: "herald_messages_accepted_total", dimensions: [("event_type", eventType)], factory: factory)
            counters[key] = counter
            return counter
        }
        counter.increment()
    }

    /// The store took `nanoseconds` to accept a message.
    func storeAccepted(nanoseconds: Int64) {
        acceptDuration.recordNanoseconds(nanoseconds)
    }
}
