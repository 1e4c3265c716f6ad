import Foundation
import Herald
import HeraldAPI
import HeraldStore
import Hummingbird

/// `/api/v1/alert-rules` (the rules, with the defaults every installation starts with) and
/// `GET /api/v1/alerts` (what fires now, `?state=all` for resolved ones too).
struct AlertRoutes {
    let dependencies: ServerDependencies

    private static let fields = ["name", "kind", "threshold", "windowSeconds", "minimumCount", "enabled"]

    func register(on api: RouterGroup<HeraldContext>) {
        api.get("alert-rules") { _, _ in
            let rules = try await dependencies.store.listAlertRules()
            return JSONResponse.make(ListResponse(data: rules.map(Self.representation), nextCursor: nil))
        }
        api.post("alert-rules") { request, _ in
            let fields = try await JSONRequestBody.read(request, limit: dependencies.configuration.maxPayloadBytes).fields
            try fields.requireOnly(Self.fields)
            let now = dependencies.now()
            guard let kindText = try fields.string("kind", required: true), let kind = AlertRuleKind(rawValue: kindText) else {
                throw APIError.validation("kind must be one of \(AlertRuleKind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            let defaults = Self.defaults(kind)
            var rule = AlertRuleRecord(id: dependencies.ids.next(.alertRule).rawValue, name: try Self.name(fields, required: true) ?? "", kind: kind,
                                       threshold: defaults.threshold, windowSeconds: defaults.windowSeconds, minimumCount: defaults.minimumCount,
                                       enabled: true, createdAt: now, updatedAt: now)
            try Self.apply(fields, to: &rule)
            try await dependencies.store.createAlertRule(rule)
            return JSONResponse.make(Self.representation(rule), status: .created)
        }
        api.get("alert-rules/:rule") { request, context in JSONResponse.make(Self.representation(try await find(request, context))) }
        api.patch("alert-rules/:rule") { request, context in
            var rule = try await find(request, context)
            let fields = try await JSONRequestBody.read(request, limit: dependencies.configuration.maxPayloadBytes).fields
            try fields.requireOnly(Self.fields.filter { $0 != "kind" })
            if let name = try Self.name(fields, required: false) { rule.name = name }
            try Self.apply(fields, to: &rule)
            rule.updatedAt = max(rule.updatedAt, dependencies.now())
            try await dependencies.store.updateAlertRule(rule)
            return JSONResponse.make(Self.representation(rule))
        }
        api.delete("alert-rules/:rule") { request, context in
            let rule = try await find(request, context)
            _ = try await dependencies.store.deleteAlertRule(id: rule.id)
            return Response(status: .noContent)
        }
        api.get("alerts") { request, _ in
            let state = request.uri.queryParameters["state"].map(String.init) ?? "firing"
            guard ["firing", "all"].contains(state) else { throw APIError.validation("state must be firing or all, got '\(state)'") }
            let rules = Dictionary(uniqueKeysWithValues: try await dependencies.store.listAlertRules().map { ($0.id, $0) })
            let alerts = try await dependencies.store.listAlerts(includeResolved: state == "all")
            let data = alerts.compactMap { alert -> AlertOut? in
                guard let rule = rules[alert.ruleID] else { return nil }
                return AlertOut(ruleId: rule.id, rule: rule.name, kind: rule.kind.rawValue, subject: alert.subject, state: alert.firing ? "firing" : "resolved",
                                firedAt: Representations.date(alert.firedAt), resolvedAt: alert.resolvedAt.map(Representations.date), figures: alert.figures)
            }
            return JSONResponse.make(ListResponse(data: data, nextCursor: nil))
        }
    }

    private func find(_ request: Request, _ context: HeraldContext) async throws -> AlertRuleRecord {
        let id = try request.parameter("rule", context)
        guard let rule = try await dependencies.store.alertRule(id: id) else { throw APIError.notFound("no alert rule '\(id)'") }
        return rule
    }

    /// The figures of a new rule of `kind` that the request leaves out: the defaults'.
    static func defaults(_ kind: AlertRuleKind) -> (threshold: Double, windowSeconds: Int, minimumCount: Int) {
        switch kind {
        case .endpointFailureRate: (0.5, 900, 20)
        case .backlog: (300, 0, 0)
        case .trafficSpike: (10, 300, 100)
        }
    }

    /// What `threshold` may be for each kind.
    static func thresholdRange(_ kind: AlertRuleKind) -> ClosedRange<Double> {
        switch kind {
        case .endpointFailureRate: 0...1
        case .backlog: 0...604_800
        case .trafficSpike: 1...10_000
        }
    }

    static func name(_ fields: RequestFields, required: Bool) throws -> String? {
        guard let name = try fields.string("name", required: required, length: 1...64) else { return nil }
        guard name.utf8.allSatisfy({ (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0)
            || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".") }) else {
            throw APIError.validation("name must be 1 to 64 lowercase letters, digits, '-', '_' or '.', got '\(name)'")
        }
        return name
    }

    static func apply(_ fields: RequestFields, to rule: inout AlertRuleRecord) throws {
        if let threshold = try fields.number("threshold", in: thresholdRange(rule.kind)) { rule.threshold = threshold }
        if let window = try fields.integer("windowSeconds", in: 60...86_400) { rule.windowSeconds = window }
        if let minimum = try fields.integer("minimumCount", in: 0...1_000_000) { rule.minimumCount = minimum }
        if let enabled = try fields.bool("enabled") { rule.enabled = enabled }
    }

    static func representation(_ rule: AlertRuleRecord) -> AlertRuleOut {
        AlertRuleOut(id: rule.id, name: rule.name, kind: rule.kind.rawValue, threshold: rule.threshold, windowSeconds: rule.windowSeconds,
                     minimumCount: rule.minimumCount, enabled: rule.enabled, createdAt: Representations.date(rule.createdAt),
                     updatedAt: Representations.date(rule.updatedAt))
    }
}

/// How limits are written in error messages.
enum AlertFieldText {
    static func number(_ value: Double) -> String {
        value == value.rounded() ? String(Int64(value)) : String(value)
    }
}
