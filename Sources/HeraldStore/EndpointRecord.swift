/// An endpoint as stored.
public struct EndpointRecord: Sendable, Equatable {
    /// `ep_…`.
    public var id: String
    /// The owning application's id.
    public var appID: String
    /// Where messages go.
    public var url: String
    /// Free text.
    public var description: String
    /// Event types it receives; empty means all.
    public var eventTypes: [String]
    /// A disabled endpoint gets no deliveries.
    public var disabled: Bool
    /// Requests per second, if limited.
    public var rateLimit: Int?
    /// Extra request headers.
    public var headers: [String: String]
    /// Seconds between attempts for this endpoint, replacing the server's schedule, if set.
    public var retryScheduleSeconds: [Int]?
    /// Several messages per request, if set; nil sends one message per request.
    public var batch: EndpointBatching?
    /// How long one attempt may take in all, in milliseconds, replacing the server's
    /// `--request-timeout`, if set.
    public var timeoutMilliseconds: Int?
    /// Milliseconds since 1970.
    public var createdAt: Int64
    /// Milliseconds since 1970.
    public var updatedAt: Int64

    /// Creates a record.
    public init(id: String, appID: String, url: String, description: String, eventTypes: [String], disabled: Bool, rateLimit: Int?, headers: [String: String], retryScheduleSeconds: [Int]? = nil,
                batch: EndpointBatching? = nil, timeoutMilliseconds: Int? = nil, createdAt: Int64, updatedAt: Int64) {
        self.id = id
        self.appID = appID
        self.url = url
        self.description = description
        self.eventTypes = eventTypes
        self.disabled = disabled
        self.rateLimit = rateLimit
        self.headers = headers
        self.retryScheduleSeconds = retryScheduleSeconds
        self.batch = batch
        self.timeoutMilliseconds = timeoutMilliseconds
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}
