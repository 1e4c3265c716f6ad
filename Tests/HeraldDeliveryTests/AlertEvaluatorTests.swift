import Foundation
import Herald
import HeraldDelivery
import HeraldSQLite
import HeraldStore
import HeraldTestSupport
import Logging
import Testing

/// The alert rules against a real SQLite store, driven by a test clock: every time is passed in,
/// so that fifteen minutes of traffic take milliseconds.
@Suite("Alert rules with a test clock")
struct AlertEvaluatorTests {
    /// 2027-01-15T08:00:00Z, minute- and hour-aligned.
    static let epoch: Int64 = 1_800_000_000_000
    static func at(_ seconds: Int64) -> Int64 { epoch + seconds * 1000 }

    /// A store with one application and one endpoint, and the rules given.
    struct Setup {
        let store: SQLiteStore
        let appID: String
        let endpointID: String
        let evaluator: AlertEvaluator

        init(rules: [AlertRuleRecord]) async throws {
            store = try SQLiteStore(path: TemporaryDirectory.make().appendingPathComponent("herald.sqlite").path)
            appID = PrefixedIDGenerator.shared.next(.application).rawValue
            endpointID = PrefixedIDGenerator.shared.next(.endpoint).rawValue
            try await store.createApplication(ApplicationRecord(id: appID, uid: nil, name: "Acme", metadata: [:], createdAt: epoch, updatedAt: epoch))
            try await store.createEndpoint(EndpointRecord(id: endpointID, appID: appID, url: "https://example.com/hook", description: "", eventTypes: [],
                                                          disabled: false, rateLimit: nil, headers: [:], createdAt: epoch, updatedAt: epoch),
                                           secret: EndpointSecretRecord(key: try WebhookSecret.generate().serialized, expiresAt: nil, createdAt: epoch))
            for rule in rules { try await store.createAlertRule(rule) }
            evaluator = AlertEvaluator(store: store, logger: Logger(label: "test"))
        }

        /// Accepts `count` messages at `time`.
        func send(_ count: Int, at time: Int64) async throws {
            for _ in 0..<count {
                let message = MessageRecord(id: PrefixedIDGenerator.shared.next(.message).rawValue, appID: appID, eventType: "order.created", eventID: nil,
                                            version: nil, payload: Array(#"{}"#.utf8), createdAt: time)
                _ = try await store.acceptMessage(MessageSubmission(message: message, idempotency: nil), now: time)
            }
        }

        /// Sends `succeeded + failed` messages at `time` and records their attempts then.
        func attempts(succeeded: Int, failed: Int, at time: Int64) async throws {
            try await send(succeeded + failed, at: time)
            let claimed = try await store.claimDueDeliveries(now: time, limit: 1000, leaseUntil: time + 60_000, excludingEndpoints: [])
            #expect(claimed.count == succeeded + failed)
            let outcomes = claimed.enumerated().map { index, delivery in
                let success = index < succeeded
                return AttemptOutcome(
                    attempt: AttemptRecord(id: PrefixedIDGenerator.shared.next(.attempt).rawValue, deliveryID: delivery.deliveryID,
                                           messageID: delivery.message.id, endpointID: endpointID, appID: appID, attemptNumber: 1, trigger: .scheduled,
                                           succeeded: success, startedAt: time, durationMilliseconds: 20, responseStatus: success ? 200 : 503,
                                           errorKind: nil, errorMessage: nil, responseBody: [], responseContentType: nil),
                    status: success ? .succeeded : .exhausted, nextAttemptAt: nil, disableEndpoint: false)
            }
            _ = try await store.recordAttempts(outcomes, now: time, failingSinceLimit: 0)
        }
    }

    static func rule(_ kind: AlertRuleKind, threshold: Double, window: Int = 900, minimum: Int = 20, name: String? = nil) -> AlertRuleRecord {
        AlertRuleRecord(id: PrefixedIDGenerator.shared.next(.alertRule).rawValue, name: name ?? kind.rawValue, kind: kind, threshold: threshold,
                        windowSeconds: window, minimumCount: minimum, enabled: true, createdAt: epoch, updatedAt: epoch)
    }

    @Test("an endpoint failing over half its attempts in 15 minutes fires once, and resolves once the failures age out of the window")
    func endpointFailureRate() async throws {
        let rule = Self.rule(.endpointFailureRate, threshold: 0.5)
        let setup = try await Setup(rules: [rule])
        try await setup.attempts(succeeded: 4, failed: 15, at: Self.at(60))
        #expect(try await setup.evaluator.evaluate(now: Self.at(120)).isEmpty, "19 attempts: below the minimum of 20")
        try await setup.attempts(succeeded: 0, failed: 1, at: Self.at(180))
        let fired = try await setup.evaluator.evaluate(now: Self.at(240))
        #expect(fired.count == 1)
        let notice = try #require(fired.first)
        #expect(notice.fired && notice.type == "alert.fired" && notice.subject == setup.endpointID)
        #expect(notice.figures["failureRate"] == "0.8" && notice.figures["attempts"] == "20" && notice.figures["failed"] == "16")
        #expect(notice.figures["appId"] == setup.appID && notice.details["rule"] == "endpoint_failure_rate")
        #expect(try await setup.evaluator.evaluate(now: Self.at(300)).isEmpty, "once per episode, not on every evaluation")
        #expect(try await setup.store.listAlerts(includeResolved: false).map(\.subject) == [setup.endpointID])
        // Sixteen minutes later the failures are out of the window; successes since then.
        try await setup.attempts(succeeded: 25, failed: 0, at: Self.at(1200))
        let resolved = try await setup.evaluator.evaluate(now: Self.at(1260))
        #expect(resolved.count == 1 && resolved.first?.fired == false && resolved.first?.type == "alert.resolved")
        #expect(resolved.first?.figures["failureRate"] == "0" && resolved.first?.figures["appId"] == setup.appID)
        #expect(try await setup.store.listAlerts(includeResolved: false).isEmpty)
        #expect(try await setup.evaluator.evaluate(now: Self.at(1320)).isEmpty)
    }

    @Test("the oldest due delivery waiting more than 5 minutes fires the backlog rule; delivering it resolves it")
    func backlog() async throws {
        let setup = try await Setup(rules: [Self.rule(.backlog, threshold: 300)])
        try await setup.send(1, at: Self.at(0))
        #expect(try await setup.evaluator.evaluate(now: Self.at(299)).isEmpty)
        let fired = try await setup.evaluator.evaluate(now: Self.at(301))
        #expect(fired.map(\.subject) == ["server"] && fired.first?.figures["oldestDueAgeSeconds"] == "301" && fired.first?.figures["dueNow"] == "1")
        let claimed = try await setup.store.claimDueDeliveries(now: Self.at(302), limit: 10, leaseUntil: Self.at(400), excludingEndpoints: [])
        #expect(claimed.count == 1)
        let resolved = try await setup.evaluator.evaluate(now: Self.at(303))
        #expect(resolved.map(\.fired) == [false] && resolved.first?.figures["oldestDueAgeSeconds"] == "0")
    }

    @Test("an application sending over 10× its rate of the past hour, with at least 100 messages, fires the traffic rule")
    func trafficSpike() async throws {
        let setup = try await Setup(rules: [Self.rule(.trafficSpike, threshold: 10, window: 300, minimum: 100)])
        // The usual: one message a minute for an hour.
        for minute in 0..<60 as Range<Int64> { try await setup.send(1, at: Self.at(minute * 60)) }
        try await setup.send(40, at: Self.at(3600))
        #expect(try await setup.evaluator.evaluate(now: Self.at(3630)).isEmpty, "40 messages: below the minimum of 100")
        try await setup.send(80, at: Self.at(3660))
        let fired = try await setup.evaluator.evaluate(now: Self.at(3690))
        #expect(fired.map(\.subject) == [setup.appID])
        // The window is 5 minutes of whole buckets back from now (minutes 56 to 61): 4 usual
        // messages and the 120 of the burst; the hour before it held 56 (minutes 0 to 55).
        #expect(fired.first?.figures["messages"] == "124" && fired.first?.figures["usualMessagesPerMinute"] == "0.9333", "\(fired)")
        // Ten minutes on, the burst is out of the window.
        let resolved = try await setup.evaluator.evaluate(now: Self.at(4300))
        #expect(resolved.map(\.fired) == [false])
    }

    @Test("an application silent for the past hour fires the traffic rule at the minimum count, not before (any rate is over 10× zero)")
    func trafficFromSilence() async throws {
        let setup = try await Setup(rules: [Self.rule(.trafficSpike, threshold: 10, window: 300, minimum: 100)])
        try await setup.send(99, at: Self.at(3600))
        #expect(try await setup.evaluator.evaluate(now: Self.at(3630)).isEmpty, "99 messages: below the minimum of 100")
        try await setup.send(1, at: Self.at(3640))
        let fired = try await setup.evaluator.evaluate(now: Self.at(3650))
        #expect(fired.map(\.subject) == [setup.appID])
        #expect(fired.first?.figures["messages"] == "100" && fired.first?.figures["usualMessagesPerMinute"] == "0", "\(fired)")
    }

    @Test("a disabled rule resolves what it had fired and fires no more")
    func disabledRule() async throws {
        var rule = Self.rule(.backlog, threshold: 60)
        let setup = try await Setup(rules: [rule])
        try await setup.send(1, at: Self.at(0))
        #expect(try await setup.evaluator.evaluate(now: Self.at(120)).count == 1)
        rule.enabled = false
        try await setup.store.updateAlertRule(rule)
        #expect(try await setup.evaluator.evaluate(now: Self.at(180)).map(\.fired) == [false])
        #expect(try await setup.evaluator.evaluate(now: Self.at(240)).isEmpty)
    }

    @Test("two evaluators on one store (two processes): each episode is announced by exactly one")
    func twoProcesses() async throws {
        let setup = try await Setup(rules: [Self.rule(.backlog, threshold: 60)])
        let other = AlertEvaluator(store: setup.store, logger: Logger(label: "other"))
        try await setup.send(1, at: Self.at(0))
        async let first = setup.evaluator.evaluate(now: Self.at(120))
        async let second = other.evaluate(now: Self.at(120))
        let notices = try await first + second
        #expect(notices.count == 1)
    }
}
