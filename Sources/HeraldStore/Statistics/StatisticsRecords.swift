/// The two sizes of statistics bucket a store keeps: minutes (for the last hour, kept a day)
/// and hours (for days, kept as long as messages).
public enum StatisticsGranularity: Int64, Sendable, CaseIterable {
    /// One minute, in milliseconds.
    case minute = 60_000
    /// One hour, in milliseconds.
    case hour = 3_600_000

    /// The start of the bucket holding `time` (milliseconds since 1970).
    public func bucketStart(_ time: Int64) -> Int64 {
        let size = rawValue
        return time >= 0 ? time / size * size : (time - size + 1) / size * size
    }
}

/// Whose statistics to read.
public enum StatisticsScope: Sendable, Equatable {
    /// One endpoint's attempts.
    case endpoint(String)
    /// An application's attempts (all its endpoints) and messages.
    case application(String)
    /// Every application's.
    case server
}

/// The figures of one bucket: attempts counted by outcome class and by latency bin, and the
/// messages accepted in it (for an application or the server; 0 for an endpoint).
public struct StatisticsBucket: Sendable, Equatable {
    /// Milliseconds since 1970 at which the bucket starts.
    public var start: Int64
    /// Attempts per outcome class, indexed as ``AttemptOutcomeClass/allCases``.
    public var outcomes: [Int]
    /// Attempts per latency bin, indexed as ``LatencyHistogram``'s bins.
    public var latencyBins: [Int]
    /// The attempts' durations added up, in milliseconds.
    public var durationTotalMilliseconds: Int64
    /// Messages accepted.
    public var messages: Int

    /// An empty bucket starting at `start`.
    public init(start: Int64) {
        self.init(start: start, outcomes: Array(repeating: 0, count: AttemptOutcomeClass.allCases.count),
                  latencyBins: Array(repeating: 0, count: LatencyHistogram.binCount), durationTotalMilliseconds: 0, messages: 0)
    }

    /// A bucket with these figures.
    public init(start: Int64, outcomes: [Int], latencyBins: [Int], durationTotalMilliseconds: Int64, messages: Int) {
        self.start = start
        self.outcomes = outcomes
        self.latencyBins = latencyBins
        self.durationTotalMilliseconds = durationTotalMilliseconds
        self.messages = messages
    }

    /// Attempts of every class.
    public var attempts: Int { outcomes.reduce(0, +) }
    /// Attempts answered 2xx.
    public var succeeded: Int { outcomes[AttemptOutcomeClass.success.index] }

    /// Adds another bucket's figures to this one's.
    public mutating func add(_ other: StatisticsBucket) {
        for index in outcomes.indices { outcomes[index] += other.outcomes[index] }
        for index in latencyBins.indices { latencyBins[index] += other.latencyBins[index] }
        durationTotalMilliseconds += other.durationTotalMilliseconds
        messages += other.messages
    }

    /// Counts one attempt.
    public mutating func count(_ attempt: AttemptRecord) {
        outcomes[AttemptOutcomeClass(status: attempt.responseStatus, errorKind: attempt.errorKind).index] += 1
        latencyBins[LatencyHistogram.bin(milliseconds: attempt.durationMilliseconds)] += 1
        durationTotalMilliseconds += attempt.durationMilliseconds
    }
}

/// The most recent failed attempt of an endpoint, as its statistics keep it.
public struct AttemptFailureNote: Sendable, Equatable {
    /// When the attempt started (milliseconds since 1970).
    public var at: Int64
    /// The attempt (`atm_…`).
    public var attemptID: String
    /// The status the endpoint answered, if it answered.
    public var status: Int?
    /// Why there was no answer (a `DeliveryErrorKind` raw value), if there was none.
    public var errorKind: String?
    /// A sentence about the failure, if there is one.
    public var message: String?

    /// Creates a note.
    public init(at: Int64, attemptID: String, status: Int?, errorKind: String?, message: String?) {
        self.at = at
        self.attemptID = attemptID
        self.status = status
        self.errorKind = errorKind
        self.message = message
    }

    /// The note of a failed attempt (the message cut to 500 characters).
    public init(_ attempt: AttemptRecord) {
        self.init(at: attempt.startedAt, attemptID: attempt.id, status: attempt.responseStatus, errorKind: attempt.errorKind,
                  message: attempt.errorMessage.map { String($0.prefix(500)) })
    }
}

/// One endpoint's recent activity: its last success and last failure, and since when it fails.
public struct EndpointActivity: Sendable, Equatable {
    /// When its last successful attempt started, if it ever had one.
    public var lastSuccessAt: Int64?
    /// Its last failed attempt, if any.
    public var lastFailure: AttemptFailureNote?
    /// When it began failing without a success since, if it does.
    public var failingSince: Int64?

    /// Creates a record.
    public init(lastSuccessAt: Int64?, lastFailure: AttemptFailureNote?, failingSince: Int64?) {
        self.lastSuccessAt = lastSuccessAt
        self.lastFailure = lastFailure
        self.failingSince = failingSince
    }
}

/// What waits to be delivered, across every endpoint that is enabled.
public struct QueueDepth: Sendable, Equatable {
    /// Deliveries due now (pending or failed, due at or before now).
    public var dueNow: Int
    /// Deliveries scheduled for later (a retry, or deferred by an open circuit).
    public var scheduledLater: Int
    /// Deliveries claimed by a dispatcher.
    public var inFlight: Int
    /// When the oldest due delivery became due, if one is due.
    public var oldestDueAt: Int64?

    /// Creates a record.
    public init(dueNow: Int, scheduledLater: Int, inFlight: Int, oldestDueAt: Int64?) {
        self.dueNow = dueNow
        self.scheduledLater = scheduledLater
        self.inFlight = inFlight
        self.oldestDueAt = oldestDueAt
    }
}

/// How many endpoints there are, and how many of them are disabled or failing.
public struct EndpointStateCounts: Sendable, Equatable {
    /// Every endpoint.
    public var total: Int
    /// Disabled endpoints.
    public var disabled: Int
    /// Enabled endpoints failing without a success since their last failure began.
    public var failing: Int

    /// Creates a record.
    public init(total: Int, disabled: Int, failing: Int) {
        self.total = total
        self.disabled = disabled
        self.failing = failing
    }
}

/// An endpoint that is disabled or failing.
public struct UnhealthyEndpoint: Sendable, Equatable {
    /// The endpoint (its event-type filter may be left empty).
    public var endpoint: EndpointRecord
    /// When it began failing without a success since, if it does.
    public var failingSince: Int64?

    /// Creates a record.
    public init(endpoint: EndpointRecord, failingSince: Int64?) {
        self.endpoint = endpoint
        self.failingSince = failingSince
    }
}

/// One endpoint's attempts over a span, for alert rules that look at every endpoint at once.
public struct EndpointAttemptTotals: Sendable, Equatable {
    /// The endpoint.
    public var endpointID: String
    /// Its application.
    public var appID: String
    /// Attempts in the span.
    public var attempts: Int
    /// Of which answered 2xx.
    public var succeeded: Int

    /// Creates a record.
    public init(endpointID: String, appID: String, attempts: Int, succeeded: Int) {
        self.endpointID = endpointID
        self.appID = appID
        self.attempts = attempts
        self.succeeded = succeeded
    }
}
