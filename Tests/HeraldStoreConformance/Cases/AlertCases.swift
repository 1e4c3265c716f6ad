import Herald
import HeraldStore
import Testing

private func check(_ name: String, _ body: @escaping @Sendable (StoreFactory) async throws -> Void) -> StoreConformanceCase {
    StoreConformanceCase(area: "alerts", name, body: body)
}

private func rule(_ name: String, _ kind: AlertRuleKind = .endpointFailureRate, at time: Int64 = at(0)) -> AlertRuleRecord {
    AlertRuleRecord(id: newID(.alertRule, at: time), name: name, kind: kind, threshold: 0.5, windowSeconds: 900, minimumCount: 20, enabled: true,
                    createdAt: time, updatedAt: time)
}

extension StoreConformance {
    /// Alert rules and the alerts' episodes.
    static let alertCases: [StoreConformanceCase] = [
        check("rules read back as stored, oldest first; names are unique; updates and deletes apply") { makeStore in
            let store = try await makeStore()
            let first = rule("failing", at: at(1))
            let second = rule("backlog", .backlog, at: at(2))
            try await store.createAlertRule(first)
            try await store.createAlertRule(second)
            #expect(try await store.listAlertRules() == [first, second])
            #expect(try await store.alertRule(id: second.id) == second)
            await expectStoreError(.conflict) { try await store.createAlertRule(rule("failing", at: at(3))) }
            var changed = first
            changed.threshold = 0.9
            changed.enabled = false
            changed.updatedAt = at(5)
            try await store.updateAlertRule(changed)
            #expect(try await store.alertRule(id: first.id) == changed)
            var renamed = changed
            renamed.name = "backlog"
            await expectStoreError(.conflict) { try await store.updateAlertRule(renamed) }
            await expectStoreError(.notFound) { try await store.updateAlertRule(rule("ghost", at: at(6))) }
            #expect(try await store.deleteAlertRule(id: first.id))
            #expect(try await !store.deleteAlertRule(id: first.id))
            #expect(try await store.listAlertRules() == [second])
        },
        check("an alert fires once per episode: only the call that changed its state answers true") { makeStore in
            let store = try await makeStore()
            let failing = rule("failing")
            try await store.createAlertRule(failing)
            #expect(try await !store.transitionAlert(ruleID: failing.id, subject: "ep_1", firing: false, at: at(1), figures: [:]), "nothing to resolve")
            #expect(try await store.transitionAlert(ruleID: failing.id, subject: "ep_1", firing: true, at: at(2), figures: ["failureRate": "0.8"]))
            #expect(try await !store.transitionAlert(ruleID: failing.id, subject: "ep_1", firing: true, at: at(3), figures: ["failureRate": "0.9"]))
            #expect(try await store.transitionAlert(ruleID: failing.id, subject: "ep_2", firing: true, at: at(4), figures: [:]))
            let firing = try await store.listAlerts(includeResolved: false)
            #expect(firing.map(\.subject) == ["ep_2", "ep_1"])
            #expect(firing.last == AlertRecord(ruleID: failing.id, subject: "ep_1", firing: true, firedAt: at(2), resolvedAt: nil, figures: ["failureRate": "0.8"]))
            #expect(try await store.transitionAlert(ruleID: failing.id, subject: "ep_1", firing: false, at: at(10), figures: ["failureRate": "0.1"]))
            #expect(try await !store.transitionAlert(ruleID: failing.id, subject: "ep_1", firing: false, at: at(11), figures: [:]))
            #expect(try await store.listAlerts(includeResolved: false).map(\.subject) == ["ep_2"])
            let all = try await store.listAlerts(includeResolved: true)
            #expect(all.first { $0.subject == "ep_1" } == AlertRecord(ruleID: failing.id, subject: "ep_1", firing: false, firedAt: at(2), resolvedAt: at(10),
                                                                     figures: ["failureRate": "0.1"]))
            #expect(try await store.transitionAlert(ruleID: failing.id, subject: "ep_1", firing: true, at: at(20), figures: [:]), "a new episode")
            #expect(try await !store.transitionAlert(ruleID: "alr_missing", subject: "ep_1", firing: true, at: at(21), figures: [:]))
            #expect(try await store.deleteAlertRule(id: failing.id))
            #expect(try await store.listAlerts(includeResolved: true).isEmpty, "a rule's alerts go with it")
        },
        check("two callers racing to fire the same alert: exactly one wins") { makeStore in
            let store = try await makeStore()
            let failing = rule("failing")
            try await store.createAlertRule(failing)
            let wins = try await withThrowingTaskGroup(of: Bool.self) { group in
                for index in 0..<8 {
                    group.addTask { try await store.transitionAlert(ruleID: failing.id, subject: "ep_1", firing: true, at: at(Int64(index)), figures: [:]) }
                }
                return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(wins == 1)
        },
    ]
}
