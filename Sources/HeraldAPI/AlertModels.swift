import Foundation

/// An alert rule (`/api/v1/alert-rules`).
public struct AlertRuleOut: Codable, Sendable, Equatable {
    /// `alr_…`.
    public var id: String
    /// A short name, unique among rules: the `rule` label of the alert metrics.
    public var name: String
    /// `endpoint_failure_rate`, `backlog` or `traffic_spike`.
    public var kind: String
    /// The failure rate (0–1), the backlog's age in seconds, or the factor over the usual rate.
    public var threshold: Double
    /// The span looked back over, in seconds (unused by `backlog`).
    public var windowSeconds: Int
    /// The fewest attempts or messages in the window for the rule to judge (unused by `backlog`).
    public var minimumCount: Int
    /// A disabled rule is not evaluated; its firing alerts resolve.
    public var enabled: Bool
    /// When it was created.
    public var createdAt: Date
    /// When it last changed.
    public var updatedAt: Date

    /// Creates the representation.
    public init(id: String, name: String, kind: String, threshold: Double, windowSeconds: Int, minimumCount: Int, enabled: Bool, createdAt: Date, updatedAt: Date) {
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

/// An alert: a rule about one subject, firing or resolved (`GET /api/v1/alerts`).
public struct AlertOut: Codable, Sendable, Equatable {
    /// The rule's id.
    public var ruleId: String
    /// The rule's name.
    public var rule: String
    /// The rule's kind.
    public var kind: String
    /// What it is about: an endpoint's or application's id, or `server`.
    public var subject: String
    /// `firing` or `resolved`.
    public var state: String
    /// When its current (or last) episode began.
    public var firedAt: Date
    /// When its last episode ended, while resolved.
    public var resolvedAt: Date?
    /// The figures that made it fire (or resolve).
    public var figures: [String: String]

    /// Creates the representation.
    public init(ruleId: String, rule: String, kind: String, subject: String, state: String, firedAt: Date, resolvedAt: Date?, figures: [String: String]) {
        self.ruleId = ruleId
        self.rule = rule
        self.kind = kind
        self.subject = subject
        self.state = state
        self.firedAt = firedAt
        self.resolvedAt = resolvedAt
        self.figures = figures
    }

    enum CodingKeys: String, CodingKey { case ruleId, rule, kind, subject, state, firedAt, resolvedAt, figures }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(ruleId, forKey: .ruleId)
        try container.encode(rule, forKey: .rule)
        try container.encode(kind, forKey: .kind)
        try container.encode(subject, forKey: .subject)
        try container.encode(state, forKey: .state)
        try container.encode(firedAt, forKey: .firedAt)
        try container.encode(resolvedAt, forKey: .resolvedAt)
        try container.encode(figures, forKey: .figures)
    }
}
