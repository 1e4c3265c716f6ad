import Herald
import HeraldStore

/// An operational event the dispatcher's schedule raises, for ``OperatorEvents``.
enum OperatorEvent: Sendable, Equatable {
    /// A delivery failed its fourth attempt.
    case attemptFailing(ClaimedDelivery, attempts: Int)
    /// A delivery used up its schedule.
    case attemptExhausted(ClaimedDelivery, attempts: Int)
    /// An endpoint was disabled: it answered 410, or failed without success for too long.
    case endpointDisabled(appID: String, endpointID: String, gone: Bool)
    /// An endpoint's circuit closed again after a success.
    case endpointRecovered(appID: String, endpointID: String)
    /// An endpoint's circuit opened until a time (logged only).
    case circuitOpened(endpointID: String, failures: Int, until: Int64)
    /// An alert began or ended an episode (`alert.fired`, `alert.resolved`).
    case alert(AlertNotice)

    /// The event's type on the operator webhook, or nil for one that is only logged.
    var type: String? {
        switch self {
        case .attemptFailing: "message.attempt.failing"
        case .attemptExhausted: "message.attempt.exhausted"
        case .endpointDisabled: "endpoint.disabled"
        case .endpointRecovered: "endpoint.recovered"
        case .circuitOpened: nil
        case .alert(let notice): notice.type
        }
    }

    /// The event's data.
    var details: [String: String] {
        switch self {
        case .attemptFailing(let delivery, let attempts), .attemptExhausted(let delivery, let attempts):
            ["appId": delivery.message.appID, "endpointId": delivery.endpoint.id, "messageId": delivery.message.id, "attempts": "\(attempts)"]
        case .endpointDisabled(let appID, let endpointID, let gone):
            ["appId": appID, "endpointId": endpointID,
             "reason": gone ? "the endpoint answered 410 Gone" : "no successful delivery for too long"]
        case .endpointRecovered(let appID, let endpointID):
            ["appId": appID, "endpointId": endpointID]
        case .circuitOpened(let endpointID, let failures, let until):
            ["endpointId": endpointID, "failures": "\(failures)", "until": RFC3339.format(milliseconds: until)]
        case .alert(let notice):
            notice.details
        }
    }
}
