/// The answer of `GET /health`.
public struct HealthOut: Codable, Sendable, Equatable {
    /// `ok` when the server is serving, `unavailable` when it cannot.
    public let status: String
    /// `ok` or `unavailable`: whether the database answers.
    public let store: String?
    /// `running`, `stopped` or `none` (a process with `--role api`).
    public let dispatcher: String?
    /// How long the oldest due delivery has been due, in seconds.
    public let oldestDueAgeSeconds: Double?

    /// Creates the representation.
    public init(status: String, store: String? = nil, dispatcher: String? = nil, oldestDueAgeSeconds: Double? = nil) {
        self.status = status
        self.store = store
        self.dispatcher = dispatcher
        self.oldestDueAgeSeconds = oldestDueAgeSeconds
    }
}
