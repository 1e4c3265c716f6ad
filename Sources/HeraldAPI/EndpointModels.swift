import Foundation

/// An endpoint: a URL of the customer's that receives the application's messages.
public struct EndpointOut: Codable, Sendable, Equatable {
    /// Herald's id, `ep_…`.
    public let id: String
    /// The application it belongs to.
    public let appId: String
    /// Where messages are POSTed.
    public let url: String
    /// Free text.
    public let description: String
    /// The event types it receives; empty means all.
    public let eventTypes: [String]
    /// A disabled endpoint receives nothing.
    public let disabled: Bool
    /// At most this many requests per second, if set.
    public let rateLimit: Int?
    /// Extra headers sent with every request.
    public let headers: [String: String]
    /// This endpoint's delays between attempts (e.g. `["5s","1m"]`), replacing the server's; null for the server's.
    public let retrySchedule: [String]?
    /// Several events per request, if set; null for one event per request.
    public let batch: EndpointBatchOptions?
    /// How long one attempt may take in all, in milliseconds, if set; null for the server's `--request-timeout`.
    public let timeoutMs: Int?
    /// When it was created.
    public let createdAt: Date
    /// When it last changed.
    public let updatedAt: Date

    /// Creates the representation.
    public init(id: String, appId: String, url: String, description: String, eventTypes: [String], disabled: Bool, rateLimit: Int?, headers: [String: String], retrySchedule: [String]? = nil,
                batch: EndpointBatchOptions? = nil, timeoutMs: Int? = nil, createdAt: Date, updatedAt: Date) {
        self.id = id
        self.appId = appId
        self.url = url
        self.description = description
        self.eventTypes = eventTypes
        self.disabled = disabled
        self.rateLimit = rateLimit
        self.headers = headers
        self.retrySchedule = retrySchedule
        self.batch = batch
        self.timeoutMs = timeoutMs
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    enum CodingKeys: String, CodingKey {
        case id, appId, url, description, eventTypes, disabled, rateLimit, headers, retrySchedule, batch, timeoutMs, createdAt, updatedAt
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(appId, forKey: .appId)
        try container.encode(url, forKey: .url)
        try container.encode(description, forKey: .description)
        try container.encode(eventTypes, forKey: .eventTypes)
        try container.encode(disabled, forKey: .disabled)
        try container.encode(rateLimit, forKey: .rateLimit)
        try container.encode(headers, forKey: .headers)
        try container.encode(retrySchedule, forKey: .retrySchedule)
        try container.encode(batch, forKey: .batch)
        try container.encode(timeoutMs, forKey: .timeoutMs)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(updatedAt, forKey: .updatedAt)
    }
}

/// `POST /api/v1/apps/{app}/endpoints`.
public struct EndpointIn: Codable, Sendable {
    /// Required: an http or https URL.
    public var url: String
    /// Optional free text.
    public var description: String?
    /// Optional filter; each must be an existing event type.
    public var eventTypes: [String]?
    /// Optional, default false.
    public var disabled: Bool?
    /// Optional requests per second, at least 1.
    public var rateLimit: Int?
    /// Optional extra headers (not `webhook-*`, `content-type`, `host`, `content-length`).
    public var headers: [String: String]?
    /// Optional `whsec_…` secret; one is generated when absent.
    public var secret: String?
    /// Optional: several events per request; absent for one event per request.
    public var batch: EndpointBatchOptions?
    /// Optional: how long one attempt may take, 1,000 to 60,000 ms; absent for the server's.
    public var timeoutMs: Int?

    /// Creates the request body.
    public init(url: String, description: String? = nil, eventTypes: [String]? = nil, disabled: Bool? = nil, rateLimit: Int? = nil, headers: [String: String]? = nil,
                secret: String? = nil, batch: EndpointBatchOptions? = nil, timeoutMs: Int? = nil) {
        self.url = url
        self.description = description
        self.eventTypes = eventTypes
        self.disabled = disabled
        self.rateLimit = rateLimit
        self.headers = headers
        self.secret = secret
        self.batch = batch
        self.timeoutMs = timeoutMs
    }
}

/// `PATCH .../endpoints/{ep}`: absent fields stay as they are; `rateLimit`, `batch` and
/// `timeoutMs` set to null remove the value (see `HeraldClient.updateEndpoint`'s `remove…` flags).
public struct EndpointPatch: Codable, Sendable {
    /// A new URL.
    public var url: String?
    /// A new description.
    public var description: String?
    /// A new filter.
    public var eventTypes: [String]?
    /// Disable or enable.
    public var disabled: Bool?
    /// A new limit.
    public var rateLimit: Int?
    /// New headers, replacing the old.
    public var headers: [String: String]?
    /// New batching.
    public var batch: EndpointBatchOptions?
    /// A new timeout, 1,000 to 60,000 ms.
    public var timeoutMs: Int?

    /// Creates the request body.
    public init(url: String? = nil, description: String? = nil, eventTypes: [String]? = nil, disabled: Bool? = nil, rateLimit: Int? = nil, headers: [String: String]? = nil,
                batch: EndpointBatchOptions? = nil, timeoutMs: Int? = nil) {
        self.url = url
        self.description = description
        self.eventTypes = eventTypes
        self.disabled = disabled
        self.rateLimit = rateLimit
        self.headers = headers
        self.batch = batch
        self.timeoutMs = timeoutMs
    }
}

/// `GET .../endpoints/{ep}/secret` and the answer of a rotation.
public struct EndpointSecretOut: Codable, Sendable, Equatable {
    /// The current `whsec_…` secret.
    public let key: String
    /// Older secrets still signing during their grace period.
    public let previous: [PreviousSecret]

    /// A secret in its grace period.
    public struct PreviousSecret: Codable, Sendable, Equatable {
        /// The old `whsec_…` secret.
        public let key: String
        /// When it stops signing.
        public let expiresAt: Date

        /// Creates the representation.
        public init(key: String, expiresAt: Date) {
            self.key = key
            self.expiresAt = expiresAt
        }
    }

    /// Creates the representation.
    public init(key: String, previous: [PreviousSecret]) {
        self.key = key
        self.previous = previous
    }
}

/// `POST .../endpoints/{ep}/secret/rotate`: both fields optional.
public struct SecretRotationIn: Codable, Sendable {
    /// The new `whsec_…` secret; generated when absent.
    public var key: String?
    /// How long the old secret keeps signing, in seconds (default 86400, at most 7 days).
    public var gracePeriodSeconds: Int?

    /// Creates the request body.
    public init(key: String? = nil, gracePeriodSeconds: Int? = nil) {
        self.key = key
        self.gracePeriodSeconds = gracePeriodSeconds
    }
}
