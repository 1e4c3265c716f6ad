import HeraldStore

/// An alert that started or ended an episode, as this process announces it: to the operator
/// webhook (`alert.fired`, `alert.resolved`), the log and the metrics.
public struct AlertNotice: Sendable, Equatable {
    /// The rule.
    public var rule: AlertRuleRecord
    /// What it is about: an endpoint's or application's id, or `server`.
    public var subject: String
    /// True when the episode began, false when it ended.
    public var fired: Bool
    /// When (milliseconds since 1970).
    public var at: Int64
    /// The figures that made it fire or resolve, with `appId` (and `endpointId`) for an
    /// application's or endpoint's alert.
    public var figures: [String: String]

    /// The operator webhook's event type.
    public var type: String { fired ? "alert.fired" : "alert.resolved" }

    /// The event's data: the rule, the subject and the figures.
    public var details: [String: String] {
        var details = figures
        details["ruleId"] = rule.id
        details["rule"] = rule.name
        details["kind"] = rule.kind.rawValue
        details["subject"] = subject
        details["threshold"] = AlertFigures.format(rule.threshold)
        return details
    }
}

/// How alert figures are written: numbers with at most four decimals.
enum AlertFigures {
    static func format(_ value: Double) -> String {
        if value == value.rounded() && abs(value) < 1e15 { return String(Int64(value)) }
        return String((value * 10_000).rounded() / 10_000)
    }
}
