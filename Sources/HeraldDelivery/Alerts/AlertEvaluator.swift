import CoreMetrics
import HeraldStore
import Logging
import Synchronization

/// Evaluates every alert rule against the statistics the store keeps, and moves each alert
/// between firing and resolved through the store's conditional transitions: an episode is
/// announced once, by the process whose transition took, however many processes evaluate.
/// Time is passed in, so that a test drives it with its own clock.
public struct AlertEvaluator: Sendable {
    let store: any HeraldStore
    let logger: Logger
    let metrics: AlertMetrics

    /// An evaluator over `store`, counting alerts with `metrics`.
    public init(store: any HeraldStore, logger: Logger, metrics: any MetricsFactory = NOOPMetricsHandler.instance) {
        self.store = store
        self.logger = logger
        self.metrics = AlertMetrics(factory: metrics)
    }

    /// The condition of one rule now: the subjects it fires for, with their figures.
    typealias Verdict = [String: [String: String]]

    /// Evaluates every rule at `now`; returns the episodes this call began or ended.
    public func evaluate(now: Int64) async throws -> [AlertNotice] {
        let rules = try await store.listAlertRules()
        let alerts = try await store.listAlerts(includeResolved: false)
        var notices = [AlertNotice]()
        for rule in rules {
            let verdict: Verdict = rule.enabled ? try await judge(rule, now: now) : [:]
            let firingNow = alerts.filter { $0.ruleID == rule.id }
            for (subject, figures) in verdict.sorted(by: { $0.key < $1.key }) where !firingNow.contains(where: { $0.subject == subject }) {
                if try await store.transitionAlert(ruleID: rule.id, subject: subject, firing: true, at: now, figures: figures) {
                    notices.append(AlertNotice(rule: rule, subject: subject, fired: true, at: now, figures: figures))
                }
            }
            for alert in firingNow where verdict[alert.subject] == nil {
                var figures = try await currentFigures(rule, subject: alert.subject, now: now)
                for key in ["appId", "endpointId"] { if let value = alert.figures[key] { figures[key] = value } }
                figures["firedAt"] = "\(alert.firedAt)"
                if try await store.transitionAlert(ruleID: rule.id, subject: alert.subject, firing: false, at: now, figures: figures) {
                    notices.append(AlertNotice(rule: rule, subject: alert.subject, fired: false, at: now, figures: figures))
                }
            }
        }
        let stillFiring = try await store.listAlerts(includeResolved: false)
        metrics.update(rules: rules, firing: stillFiring, notices: notices)
        for notice in notices {
            let metadata: Logger.Metadata = notice.details.mapValues { .string($0) }
            if notice.fired { logger.warning("alert fired", metadata: metadata) } else { logger.notice("alert resolved", metadata: metadata) }
        }
        return notices
    }

    /// The subjects `rule` fires for at `now`.
    func judge(_ rule: AlertRuleRecord, now: Int64) async throws -> Verdict {
        switch rule.kind {
        case .endpointFailureRate:
            let from = StatisticsGranularity.minute.bucketStart(now - Int64(rule.windowSeconds) * 1000)
            var verdict = Verdict()
            for totals in try await store.endpointAttemptTotals(from: from, until: now) where totals.attempts >= max(1, rule.minimumCount) {
                let rate = Double(totals.attempts - totals.succeeded) / Double(totals.attempts)
                if rate > rule.threshold {
                    verdict[totals.endpointID] = Self.failureFigures(totals, rate: rate, windowSeconds: rule.windowSeconds)
                }
            }
            return verdict
        case .backlog:
            let depth = try await store.queueDepth(now: now)
            let age = depth.oldestDueAt.map { Double(max(0, now - $0)) / 1000 } ?? 0
            return age > rule.threshold ? ["server": ["oldestDueAgeSeconds": AlertFigures.format(age), "dueNow": "\(depth.dueNow)"]] : [:]
        case .trafficSpike:
            let window = Int64(rule.windowSeconds) * 1000
            let recentFrom = StatisticsGranularity.minute.bucketStart(now - window)
            let recent = try await store.applicationMessageTotals(from: recentFrom, until: now)
            let baseline = try await store.applicationMessageTotals(from: recentFrom - 3_600_000, until: recentFrom - 1)
            var verdict = Verdict()
            let recentMinutes = Double(max(now - recentFrom, 60_000)) / 60_000
            for (appID, messages) in recent where messages >= max(1, rule.minimumCount) {
                let rate = Double(messages) / recentMinutes
                let usual = Double(baseline[appID] ?? 0) / 60
                if rate > rule.threshold * usual {
                    verdict[appID] = ["appId": appID, "messages": "\(messages)", "messagesPerMinute": AlertFigures.format(rate),
                                      "usualMessagesPerMinute": AlertFigures.format(usual), "windowSeconds": "\(rule.windowSeconds)"]
                }
            }
            return verdict
        }
    }

    /// The figures of a subject whose alert resolves, for the announcement.
    func currentFigures(_ rule: AlertRuleRecord, subject: String, now: Int64) async throws -> [String: String] {
        switch rule.kind {
        case .endpointFailureRate:
            let from = StatisticsGranularity.minute.bucketStart(now - Int64(rule.windowSeconds) * 1000)
            let totals = try await store.endpointAttemptTotals(from: from, until: now).first { $0.endpointID == subject }
                ?? EndpointAttemptTotals(endpointID: subject, appID: "", attempts: 0, succeeded: 0)
            let rate = totals.attempts > 0 ? Double(totals.attempts - totals.succeeded) / Double(totals.attempts) : 0
            return Self.failureFigures(totals, rate: rate, windowSeconds: rule.windowSeconds)
        case .backlog:
            let depth = try await store.queueDepth(now: now)
            let age = depth.oldestDueAt.map { Double(max(0, now - $0)) / 1000 } ?? 0
            return ["oldestDueAgeSeconds": AlertFigures.format(age), "dueNow": "\(depth.dueNow)"]
        case .trafficSpike:
            let from = StatisticsGranularity.minute.bucketStart(now - Int64(rule.windowSeconds) * 1000)
            let messages = try await store.applicationMessageTotals(from: from, until: now)[subject] ?? 0
            return ["messages": "\(messages)", "windowSeconds": "\(rule.windowSeconds)"]
        }
    }

    static func failureFigures(_ totals: EndpointAttemptTotals, rate: Double, windowSeconds: Int) -> [String: String] {
        var figures = ["endpointId": totals.endpointID, "attempts": "\(totals.attempts)", "failed": "\(totals.attempts - totals.succeeded)",
                       "failureRate": AlertFigures.format(rate), "windowSeconds": "\(windowSeconds)"]
        if !totals.appID.isEmpty { figures["appId"] = totals.appID }
        return figures
    }
}

/// `herald_alerts_firing{rule}` and `herald_alerts_fired_total{rule}`, by rule name. A rule
/// deleted or renamed since the last evaluation has its gauge removed, rather than left at its
/// last value (a firing alert of a deleted rule would otherwise stay at 1 in every scrape).
final class AlertMetrics: Sendable {
    let factory: any MetricsFactory
    /// The rule names that have a gauge.
    private let gauged = Mutex<Set<String>>([])

    init(factory: any MetricsFactory) {
        self.factory = factory
    }

    func update(rules: [AlertRuleRecord], firing: [AlertRecord], notices: [AlertNotice]) {
        let names = Set(rules.map(\.name))
        let gone = gauged.withLock { gauged in
            let gone = gauged.subtracting(names)
            gauged = names
            return gone
        }
        for name in gone.sorted() {
            Gauge(label: "herald_alerts_firing", dimensions: [("rule", name)], factory: factory).destroy()
        }
        for rule in rules {
            Gauge(label: "herald_alerts_firing", dimensions: [("rule", rule.name)], factory: factory)
                .record(firing.filter { $0.ruleID == rule.id }.count)
        }
        for notice in notices where notice.fired {
            Counter(label: "herald_alerts_fired_total", dimensions: [("rule", notice.rule.name)], factory: factory).increment()
        }
    }
}
