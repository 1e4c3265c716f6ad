import CoreMetrics
import Metrics

/// The receiver's counters and timer (swift-metrics), under `herald_receiver_`: requests
/// received, verified and rejected (by reason), duplicates, events handled, failed runs, dead
/// letters, and handler run time.
struct ReceiverMetrics: Sendable {
    let received: Counter
    let verified: Counter
    let duplicates: Counter
    let handled: Counter
    let failed: Counter
    let deadLettered: Counter
    let handlerDuration: Timer
    private let rejected: [ReceiverRejection.Code: Counter]

    init(factory: any MetricsFactory) {
        received = Counter(label: "herald_receiver_requests_total", factory: factory)
        verified = Counter(label: "herald_receiver_verified_total", factory: factory)
        duplicates = Counter(label: "herald_receiver_duplicates_total", factory: factory)
        handled = Counter(label: "herald_receiver_handled_total", factory: factory)
        failed = Counter(label: "herald_receiver_handler_failures_total", factory: factory)
        deadLettered = Counter(label: "herald_receiver_dead_letters_total", factory: factory)
        handlerDuration = Timer(label: "herald_receiver_handler_duration_seconds", preferredDisplayUnit: .seconds, factory: factory)
        var rejected = [ReceiverRejection.Code: Counter]()
        for code in ReceiverRejection.Code.allCases {
            rejected[code] = Counter(label: "herald_receiver_rejected_total", dimensions: [("reason", code.rawValue)], factory: factory)
        }
        self.rejected = rejected
    }

    func rejected(_ code: ReceiverRejection.Code) {
        rejected[code]?.increment()
    }
}
