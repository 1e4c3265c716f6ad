import Foundation

/// `GET …/stats?window=1h|24h|7d`: how deliveries fared over a window, for an endpoint, an
/// application or the whole server. Read from per-minute (window `1h`) or per-hour buckets, so
/// the window covers whole buckets: the current one and those before it.
public struct StatisticsOut: Codable, Sendable, Equatable {
    /// `1h`, `24h` or `7d`.
    public var window: String
    /// The size of each point of ``series``: `1m` or `1h`.
    public var bucket: String
    /// The start of the first bucket.
    public var from: Date
    /// The end of the last bucket (the current one, so in the future).
    public var until: Date
    /// Attempts made in the window.
    public var attempts: Int
    /// Of which answered 2xx.
    public var succeeded: Int
    /// Of which failed.
    public var failed: Int
    /// `succeeded / attempts`, or null without attempts.
    public var successRate: Double?
    /// Attempt durations.
    public var latencyMs: LatencyOut
    /// Attempts by outcome class: `2xx`, `3xx`, `4xx`, `5xx`, `rate_limited`, `timeout`,
    /// `connection`, `tls`, `refused_by_guard`, `other` (every class, zeros included).
    public var outcomes: [String: Int]
    /// Messages accepted in the window; null for an endpoint.
    public var messages: Int?
    /// One point per bucket, oldest first, zeros included.
    public var series: [StatisticsPointOut]
    /// For an endpoint: its health, last success and last failure; otherwise null.
    public var endpoint: EndpointHealthOut?
    /// For an application or the server: how many endpoints there are by state; otherwise null.
    public var endpoints: EndpointCountsOut?
    /// For an application or the server: the endpoints that are failing, circuit-open or
    /// disabled (failing longest first, at most 20); otherwise null.
    public var unhealthyEndpoints: [UnhealthyEndpointOut]?
    /// For the server: the delivery queue now (due, scheduled, in flight, the oldest due
    /// delivery's age); otherwise null.
    public var queue: QueueOut?

    /// Creates the representation.
    public init(window: String, bucket: String, from: Date, until: Date, attempts: Int, succeeded: Int, failed: Int, successRate: Double?,
                latencyMs: LatencyOut, outcomes: [String: Int], messages: Int?, series: [StatisticsPointOut], endpoint: EndpointHealthOut?,
                endpoints: EndpointCountsOut?, unhealthyEndpoints: [UnhealthyEndpointOut]? = nil, queue: QueueOut? = nil) {
        self.unhealthyEndpoints = unhealthyEndpoints
        self.queue = queue
        self.window = window
        self.bucket = bucket
        self.from = from
        self.until = until
        self.attempts = attempts
        self.succeeded = succeeded
        self.failed = failed
        self.successRate = successRate
        self.latencyMs = latencyMs
        self.outcomes = outcomes
        self.messages = messages
        self.series = series
        self.endpoint = endpoint
        self.endpoints = endpoints
    }

    enum CodingKeys: String, CodingKey {
        case window, bucket, from, until, attempts, succeeded, failed, successRate, latencyMs, outcomes, messages, series, endpoint, endpoints,
             unhealthyEndpoints, queue
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(window, forKey: .window)
        try container.encode(bucket, forKey: .bucket)
        try container.encode(from, forKey: .from)
        try container.encode(until, forKey: .until)
        try container.encode(attempts, forKey: .attempts)
        try container.encode(succeeded, forKey: .succeeded)
        try container.encode(failed, forKey: .failed)
        try container.encode(successRate, forKey: .successRate)
        try container.encode(latencyMs, forKey: .latencyMs)
        try container.encode(outcomes, forKey: .outcomes)
        try container.encode(messages, forKey: .messages)
        try container.encode(series, forKey: .series)
        try container.encode(endpoint, forKey: .endpoint)
        try container.encode(endpoints, forKey: .endpoints)
        try container.encode(unhealthyEndpoints, forKey: .unhealthyEndpoints)
        try container.encode(queue, forKey: .queue)
    }
}

/// Latency percentiles in milliseconds, read from fixed bins (exact to the bin, interpolated
/// inside it); null without attempts.
public struct LatencyOut: Codable, Sendable, Equatable {
    /// The median.
    public var p50: Double?
    /// The 95th percentile.
    public var p95: Double?
    /// The 99th percentile.
    public var p99: Double?
    /// The mean, exact.
    public var mean: Double?

    /// Creates the representation.
    public init(p50: Double?, p95: Double?, p99: Double?, mean: Double?) {
        self.p50 = p50
        self.p95 = p95
        self.p99 = p99
        self.mean = mean
    }

    enum CodingKeys: String, CodingKey { case p50, p95, p99, mean }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(p50, forKey: .p50)
        try container.encode(p95, forKey: .p95)
        try container.encode(p99, forKey: .p99)
        try container.encode(mean, forKey: .mean)
    }
}

/// One bucket of a statistics series.
public struct StatisticsPointOut: Codable, Sendable, Equatable {
    /// The bucket's start.
    public var start: Date
    /// Attempts in it.
    public var attempts: Int
    /// Of which answered 2xx.
    public var succeeded: Int
    /// Their 95th percentile duration in milliseconds, or null without attempts.
    public var p95Ms: Double?
    /// Messages accepted in it; null for an endpoint.
    public var messages: Int?

    /// Creates the representation.
    public init(start: Date, attempts: Int, succeeded: Int, p95Ms: Double?, messages: Int?) {
        self.start = start
        self.attempts = attempts
        self.succeeded = succeeded
        self.p95Ms = p95Ms
        self.messages = messages
    }

    enum CodingKeys: String, CodingKey { case start, attempts, succeeded, p95Ms, messages }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(start, forKey: .start)
        try container.encode(attempts, forKey: .attempts)
        try container.encode(succeeded, forKey: .succeeded)
        try container.encode(p95Ms, forKey: .p95Ms)
        try container.encode(messages, forKey: .messages)
    }
}

/// An endpoint's health and its most recent outcomes.
public struct EndpointHealthOut: Codable, Sendable, Equatable {
    /// `healthy`, `failing` (failing without a success since `since`), `circuitOpen` (failing,
    /// and no attempts until `circuitOpenUntil`) or `disabled`.
    public var state: String
    /// Since when it is in that state: for `healthy`, its last failure (or its creation); for
    /// `failing` and `circuitOpen`, the first failure after its last success; for `disabled`,
    /// its last change.
    public var since: Date
    /// For `circuitOpen`: when the next probe may go.
    public var circuitOpenUntil: Date?
    /// When its last successful attempt started, if any.
    public var lastSuccessAt: Date?
    /// Its last failed attempt, if any.
    public var lastFailure: AttemptFailureOut?

    /// Creates the representation.
    public init(state: String, since: Date, circuitOpenUntil: Date?, lastSuccessAt: Date?, lastFailure: AttemptFailureOut?) {
        self.state = state
        self.since = since
        self.circuitOpenUntil = circuitOpenUntil
        self.lastSuccessAt = lastSuccessAt
        self.lastFailure = lastFailure
    }

    enum CodingKeys: String, CodingKey { case state, since, circuitOpenUntil, lastSuccessAt, lastFailure }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(state, forKey: .state)
        try container.encode(since, forKey: .since)
        try container.encode(circuitOpenUntil, forKey: .circuitOpenUntil)
        try container.encode(lastSuccessAt, forKey: .lastSuccessAt)
        try container.encode(lastFailure, forKey: .lastFailure)
    }
}

/// A failed attempt, as an endpoint's health shows it.
public struct AttemptFailureOut: Codable, Sendable, Equatable {
    /// When it started.
    public var at: Date
    /// The attempt (`atm_…`).
    public var attemptId: String
    /// The status the endpoint answered, if it answered.
    public var responseStatusCode: Int?
    /// Why there was no usable answer (see `AttemptOut.errorKind`), if there was none.
    public var errorKind: String?
    /// A sentence about the failure.
    public var errorMessage: String?

    /// Creates the representation.
    public init(at: Date, attemptId: String, responseStatusCode: Int?, errorKind: String?, errorMessage: String?) {
        self.at = at
        self.attemptId = attemptId
        self.responseStatusCode = responseStatusCode
        self.errorKind = errorKind
        self.errorMessage = errorMessage
    }

    enum CodingKeys: String, CodingKey { case at, attemptId, responseStatusCode, errorKind, errorMessage }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(at, forKey: .at)
        try container.encode(attemptId, forKey: .attemptId)
        try container.encode(responseStatusCode, forKey: .responseStatusCode)
        try container.encode(errorKind, forKey: .errorKind)
        try container.encode(errorMessage, forKey: .errorMessage)
    }
}

/// Endpoints by state.
public struct EndpointCountsOut: Codable, Sendable, Equatable {
    /// Every endpoint.
    public var total: Int
    /// Enabled and failing without a success since their last failure began.
    public var failing: Int
    /// Of the failing, those whose circuit is open (on PostgreSQL, opened by any process).
    public var circuitOpen: Int
    /// Disabled.
    public var disabled: Int

    /// Creates the representation.
    public init(total: Int, failing: Int, circuitOpen: Int, disabled: Int) {
        self.total = total
        self.failing = failing
        self.circuitOpen = circuitOpen
        self.disabled = disabled
    }
}

/// An endpoint that is not healthy, as an application's or the server's statistics list it.
public struct UnhealthyEndpointOut: Codable, Sendable, Equatable {
    /// The application.
    public var appId: String
    /// The endpoint.
    public var endpointId: String
    /// Its URL.
    public var url: String
    /// `failing`, `circuitOpen` or `disabled`.
    public var state: String
    /// When it began failing, if it is failing or circuit-open.
    public var failingSince: Date?

    /// Creates the representation.
    public init(appId: String, endpointId: String, url: String, state: String, failingSince: Date?) {
        self.appId = appId
        self.endpointId = endpointId
        self.url = url
        self.state = state
        self.failingSince = failingSince
    }

    enum CodingKeys: String, CodingKey { case appId, endpointId, url, state, failingSince }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(appId, forKey: .appId)
        try container.encode(endpointId, forKey: .endpointId)
        try container.encode(url, forKey: .url)
        try container.encode(state, forKey: .state)
        try container.encode(failingSince, forKey: .failingSince)
    }
}
