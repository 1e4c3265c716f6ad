import AsyncHTTPClient
import Foundation
import Herald
import HeraldStore
import Logging
import ServiceLifecycle

/// Evaluates the alert rules every `interval` and announces each episode's start and end to
/// the operator webhook (signed, as the other operational events), the log (one line: warning
/// when it fires, notice when it resolves, written by the evaluator) and the metrics. Runs in every process that delivers; the store decides which process announces.
public struct AlertService: Service {
    let evaluator: AlertEvaluator
    let events: OperatorEvents
    let interval: Duration
    let logger: Logger
    let now: @Sendable () -> Int64

    /// A service over `store`, posting to the operator webhook of `configuration` with `client`.
    public init(store: any HeraldStore, client: HTTPClient, configuration: DeliveryConfiguration, interval: Duration, logger: Logger,
                evaluator: AlertEvaluator, now: @escaping @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970 * 1000) }) {
        self.evaluator = evaluator
        self.events = OperatorEvents(client: client, url: configuration.operatorWebhookURL, secret: configuration.operatorWebhookSecret,
                                     logger: logger, now: now)
        self.interval = interval
        self.logger = logger
        self.now = now
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                group.addTask { await events.run() }
                while !Task.isCancelled {
                    do {
                        for notice in try await evaluator.evaluate(now: now()) { events.emit(.alert(notice)) }
                    } catch {
                        logger.warning("could not evaluate the alert rules; trying again at the next interval", metadata: ["error": "\(error)"])
                    }
                    try? await Task.sleep(for: interval)
                }
                group.cancelAll()
            }
        }
    }
}

/// The rules every new installation starts with; they can be changed or deleted through the API.
public enum DefaultAlertRules {
    /// An endpoint failing more than half its attempts over 15 minutes (at least 20); the oldest
    /// due delivery waiting more than 5 minutes; an application sending over 10× its rate of the
    /// past hour (at least 100 messages in 5 minutes).
    public static func make(now: Int64, ids: PrefixedIDGenerator = .shared) -> [AlertRuleRecord] {
        [
            AlertRuleRecord(id: ids.next(.alertRule).rawValue, name: "endpoint-failing", kind: .endpointFailureRate, threshold: 0.5, windowSeconds: 900,
                            minimumCount: 20, enabled: true, createdAt: now, updatedAt: now),
            AlertRuleRecord(id: ids.next(.alertRule).rawValue, name: "delivery-backlog", kind: .backlog, threshold: 300, windowSeconds: 0,
                            minimumCount: 0, enabled: true, createdAt: now, updatedAt: now),
            AlertRuleRecord(id: ids.next(.alertRule).rawValue, name: "unusual-traffic", kind: .trafficSpike, threshold: 10, windowSeconds: 300,
                            minimumCount: 100, enabled: true, createdAt: now, updatedAt: now),
        ]
    }

    /// Creates the default rules the first time any process starts on this store, and never
    /// again (so a rule the operator deleted stays deleted).
    public static func seed(into store: any HeraldStore, now: Int64) async throws {
        let claim = UUID().uuidString
        guard try await store.insertSettingIfAbsent("alertRulesSeeded", value: claim) == claim else { return }
        for rule in make(now: now) {
            do {
                try await store.createAlertRule(rule)
            } catch let error as StoreError where error.code == .conflict {
                continue
            }
        }
    }
}
