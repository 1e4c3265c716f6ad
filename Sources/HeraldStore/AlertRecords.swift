/// What an alert rule watches.
public enum AlertRuleKind: String, Sendable, CaseIterable {
    /// An endpoint's share of failed attempts over `windowSeconds` is above `threshold` (0…1),
    /// with at least `minimumCount` attempts. Subject: the endpoint.
    case endpointFailureRate = "endpoint_failure_rate"
    /// The oldest due delivery has been due for more than `threshold` seconds. Subject: the server.
    case backlog
    /// An application's message rate over `windowSeconds` is above `threshold` times its rate
    /// of the hour before, with at least `minimumCount` messages in the window. Subject: the application.
    case trafficSpike = "traffic_spike"
}

/// An alert rule as stored.
public struct AlertRuleRecord: Sendable, Equatable {
    /// `alr_…`.
    public var id: String
    /// A short name, unique among rules (the `rule` label of the alert metrics).
    public var name: String
    /// What it watches.
    public var kind: AlertRuleKind
    /// The figure beyond which it fires (see ``AlertRuleKind``).
    public var threshold: Double
    /// The span it looks back over, in seconds (unused by `backlog`).
    public var windowSeconds: Int
    /// The fewest attempts or messages in the window for it to judge (unused by `backlog`).
    public var minimumCount: Int
    /// A disabled rule is not evaluated; its firing alerts resolve.
    public var enabled: Bool
    /// Milliseconds since 1970.
    public var createdAt: Int64
    /// Milliseconds since 1970.
    public var updatedAt: Int64

    /// Creates a record.
    public init(id: String, name: String, kind: AlertRuleKind, threshold: Double, windowSeconds: Int, minimumCount: Int, enabled: Bool,
                createdAt: Int64, updatedAt: Int64) {
        self.id = id
        self.name = name
        self.kind = kind
        self.threshold = threshold
        self.windowSeconds = windowSeconds
        self.minimumCount = minimumCount
        self.enabled = enabled
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// One alert: a rule about one subject (an endpoint, an application, or `server`), firing or resolved.
public struct AlertRecord: Sendable, Equatable {
    /// The rule.
    public var ruleID: String
    /// What it is about: an endpoint's or application's id, or `server`.
    public var subject: String
    /// True while it fires.
    public var firing: Bool
    /// When its current (or last) episode began.
    public var firedAt: Int64
    /// When its last episode ended, if it is not firing.
    public var resolvedAt: Int64?
    /// The figures that made it fire (or resolve), as text.
    public var figures: [String: String]

    /// Creates a record.
    public init(ruleID: String, subject: String, firing: Bool, firedAt: Int64, resolvedAt: Int64?, figures: [String: String]) {
        self.ruleID = ruleID
        self.subject = subject
        self.firing = firing
        self.firedAt = firedAt
        self.resolvedAt = resolvedAt
        self.figures = figures
    }
}
