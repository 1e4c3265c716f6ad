/// The states a delivery moves through. Every delivery ends in `succeeded`, `exhausted` or `cancelled`.
public enum DeliveryStatus: String, Sendable, CaseIterable {
    /// Waiting for its first attempt.
    case pending
    /// Claimed by a dispatcher under a lease; an expired lease makes it due again.
    case inFlight = "in_flight"
    /// An endpoint answered 2xx.
    case succeeded
    /// The last attempt failed; another is scheduled.
    case failed
    /// Every scheduled attempt failed.
    case exhausted
    /// The endpoint was deleted or disabled before it could be delivered.
    case cancelled
}

/// What triggered an attempt.
public enum AttemptTrigger: String, Sendable {
    /// The retry schedule.
    case scheduled
    /// A resend or recover request.
    case manual
}

/// A delivery claimed for sending, with everything the sender needs.
public struct ClaimedDelivery: Sendable, Equatable {
    /// The delivery row.
    public let deliveryID: Int64
    /// Attempts made before this one.
    public let attemptsMade: Int
    /// True when a resend or recover asked for this attempt.
    public let manual: Bool
    /// The message.
    public let message: MessageRecord
    /// The endpoint it goes to. Its `eventTypes` may be left empty: the filter was applied when
    /// the delivery was made, and the sender does not need it.
    public let endpoint: EndpointRecord
    /// The batch (`bat_…`) it was sent in and must be sent in again, or nil when it has not been
    /// sent in one (see ``HeraldStore/assignBatch(_:deliveryIDs:)``). A claim holds every
    /// waiting member of each batch it holds.
    public let batchID: String?
    /// When the claim's lease ends (milliseconds since 1970), as the claimer asked for it: after
    /// that the store may hand the delivery to another claimer, so no attempt may still be
    /// running. `Int64.max` until the claimer sets it (the stores do not).
    public var leaseUntil: Int64 = .max

    /// Creates a claimed delivery.
    public init(deliveryID: Int64, attemptsMade: Int, manual: Bool, message: MessageRecord, endpoint: EndpointRecord, batchID: String? = nil) {
        self.deliveryID = deliveryID
        self.attemptsMade = attemptsMade
        self.manual = manual
        self.message = message
        self.endpoint = endpoint
        self.batchID = batchID
    }
}

/// One attempt as recorded.
public struct AttemptRecord: Sendable, Equatable {
    /// `atm_…`.
    public var id: String
    /// The delivery it belongs to.
    public var deliveryID: Int64
    /// Its message.
    public var messageID: String
    /// Its endpoint.
    public var endpointID: String
    /// The application.
    public var appID: String
    /// 1 for the first attempt.
    public var attemptNumber: Int
    /// Scheduled or manual.
    public var trigger: AttemptTrigger
    /// True when the endpoint answered 2xx.
    public var succeeded: Bool
    /// Milliseconds since 1970.
    public var startedAt: Int64
    /// How long it took.
    public var durationMilliseconds: Int64
    /// The HTTP status, when there was an answer.
    public var responseStatus: Int?
    /// Why it failed without an answer (timeout, connectionRefused, …), or nil.
    public var errorKind: String?
    /// A sentence about the failure.
    public var errorMessage: String?
    /// The first 4 KiB of the response body.
    public var responseBody: [UInt8]
    /// The response's content type.
    public var responseContentType: String?
    /// The batch (`bat_…`) whose request this attempt was, or nil for a request of its own.
    public var batchID: String?

    /// Creates a record.
    public init(id: String, deliveryID: Int64, messageID: String, endpointID: String, appID: String, attemptNumber: Int, trigger: AttemptTrigger,
                succeeded: Bool, startedAt: Int64, durationMilliseconds: Int64, responseStatus: Int?, errorKind: String?, errorMessage: String?,
                responseBody: [UInt8], responseContentType: String?, batchID: String? = nil) {
        self.id = id
        self.deliveryID = deliveryID
        self.messageID = messageID
        self.endpointID = endpointID
        self.appID = appID
        self.attemptNumber = attemptNumber
        self.trigger = trigger
        self.succeeded = succeeded
        self.startedAt = startedAt
        self.durationMilliseconds = durationMilliseconds
        self.responseStatus = responseStatus
        self.errorKind = errorKind
        self.errorMessage = errorMessage
        self.responseBody = responseBody
        self.responseContentType = responseContentType
        self.batchID = batchID
    }
}

/// The result of an attempt to write: the attempt row, the delivery's next state, and what it
/// means for the endpoint.
public struct AttemptOutcome: Sendable, Equatable {
    /// The attempt.
    public var attempt: AttemptRecord
    /// The delivery's new status: succeeded, failed (with `nextAttemptAt`) or exhausted.
    public var status: DeliveryStatus
    /// When the next attempt is due, for `failed`.
    public var nextAttemptAt: Int64?
    /// Disable the endpoint (410 Gone, or failing for too long) and cancel what waits for it.
    public var disableEndpoint: Bool

    /// Creates an outcome.
    public init(attempt: AttemptRecord, status: DeliveryStatus, nextAttemptAt: Int64?, disableEndpoint: Bool) {
        self.attempt = attempt
        self.status = status
        self.nextAttemptAt = nextAttemptAt
        self.disableEndpoint = disableEndpoint
    }
}

/// How an endpoint has fared: since when it fails without a success.
public struct EndpointHealthRecord: Sendable, Equatable {
    /// Milliseconds since 1970 of the first failure after the last success, or nil.
    public var failingSince: Int64?

    /// Creates a record.
    public init(failingSince: Int64?) {
        self.failingSince = failingSince
    }
}

/// Filters for listing attempts.
public struct AttemptFilter: Sendable, Equatable {
    /// Only succeeded (true) or failed (false) attempts.
    public var succeeded: Bool?
    /// Only attempts with this trigger.
    public var trigger: AttemptTrigger?

    /// Creates a filter.
    public init(succeeded: Bool? = nil, trigger: AttemptTrigger? = nil) {
        self.succeeded = succeeded
        self.trigger = trigger
    }
}
