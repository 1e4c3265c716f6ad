import Herald
import HeraldStore

/// Outcomes of an attempt at a claimed delivery, as the dispatcher reports them.
extension ClaimedDelivery {
    /// The attempt made at `time`: numbered after the attempts already made, manual when the
    /// claim says so, its id made at `time`.
    func attempt(at time: Int64, succeeded: Bool) -> AttemptRecord {
        AttemptRecord(id: newID(.attempt, at: time), deliveryID: deliveryID, messageID: message.id, endpointID: endpoint.id, appID: message.appID,
                      attemptNumber: attemptsMade + 1, trigger: manual ? .manual : .scheduled, succeeded: succeeded, startedAt: time,
                      durationMilliseconds: 42, responseStatus: succeeded ? 200 : 500, errorKind: nil, errorMessage: succeeded ? nil : "HTTP 500",
                      responseBody: [], responseContentType: nil)
    }

    /// The endpoint answered 2xx at `time`.
    func succeeded(at time: Int64) -> AttemptOutcome {
        AttemptOutcome(attempt: attempt(at: time, succeeded: true), status: .succeeded, nextAttemptAt: nil, disableEndpoint: false)
    }

    /// The attempt at `time` failed; the next is due at `retryAt`.
    func failed(at time: Int64, retryAt: Int64, disableEndpoint: Bool = false) -> AttemptOutcome {
        AttemptOutcome(attempt: attempt(at: time, succeeded: false), status: .failed, nextAttemptAt: retryAt, disableEndpoint: disableEndpoint)
    }

    /// The attempt at `time` failed and was the last the schedule allows.
    func exhausted(at time: Int64, disableEndpoint: Bool = false) -> AttemptOutcome {
        AttemptOutcome(attempt: attempt(at: time, succeeded: false), status: .exhausted, nextAttemptAt: nil, disableEndpoint: disableEndpoint)
    }
}
