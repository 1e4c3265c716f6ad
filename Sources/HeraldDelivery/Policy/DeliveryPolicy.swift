import Herald
import HeraldStore

/// DESIGN.md's delivery semantics, as one pure function from an attempt's result to the
/// delivery's next state: 2xx succeeds; 410 disables the endpoint; 429/502/503/504 ask to slow
/// down and their Retry-After is honoured up to twice the next scheduled delay; anything else is
/// retried on the schedule until it is used up.
public struct DeliveryPolicy: Sendable {
    /// The server's schedule, used when an endpoint has none of its own.
    public let schedule: RetrySchedule

    /// Creates the policy.
    public init(schedule: RetrySchedule) {
        self.schedule = schedule
    }

    /// Statuses that mean "slow down".
    public static let slowDownStatuses: Set<Int> = [429, 502, 503, 504]

    /// What the policy decided.
    public struct Decision: Sendable, Equatable {
        /// The delivery's next status.
        public let status: DeliveryStatus
        /// When the next attempt is due (for `failed`).
        public let nextAttemptAt: Int64?
        /// The endpoint answered 410 Gone.
        public let disableEndpoint: Bool
        /// The endpoint asked to slow down.
        public let slowDown: Bool
    }

    /// The schedule for an endpoint: its own when it has one.
    public func schedule(for endpoint: EndpointRecord) -> RetrySchedule {
        endpoint.retryScheduleSeconds.map { RetrySchedule(delays: $0, jitter: schedule.jitter) } ?? schedule
    }

    /// Decides the delivery's next state after attempt number `attemptNumber` (1-based).
    public func decide<R: RandomNumberGenerator>(_ result: AttemptResult, attemptNumber: Int, endpoint: EndpointRecord, now: Int64, random: inout R) -> Decision {
        if result.succeeded {
            return Decision(status: .succeeded, nextAttemptAt: nil, disableEndpoint: false, slowDown: false)
        }
        if result.status == 410 {
            return Decision(status: .exhausted, nextAttemptAt: nil, disableEndpoint: true, slowDown: false)
        }
        let schedule = schedule(for: endpoint)
        let slowDown = result.status.map(Self.slowDownStatuses.contains) ?? false
        guard var delay = schedule.delayMilliseconds(afterAttempt: attemptNumber, using: &random) else {
            return Decision(status: .exhausted, nextAttemptAt: nil, disableEndpoint: false, slowDown: slowDown)
        }
        if slowDown, let header = result.retryAfter, let asked = RetryAfter.milliseconds(header, now: now),
           let nominal = schedule.nominalDelayMilliseconds(afterAttempt: attemptNumber) {
            delay = min(max(delay, asked), 2 * nominal)
        }
        return Decision(status: .failed, nextAttemptAt: now + delay, disableEndpoint: false, slowDown: slowDown)
    }
}
