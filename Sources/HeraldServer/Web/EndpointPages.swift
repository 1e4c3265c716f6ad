import Foundation
import HeraldAPI
import Hummingbird

/// An endpoint's page and its forms: create, edit, rotate the secret, send a test event,
/// recover failed deliveries, delete. Each form is one API call; its error shows on the page.
extension WebRequest {
    func endpointPage(_ appID: String, _ endpointID: String, notice: String? = nil, error: String? = nil) async throws -> WebPage {
        let base = "/api/v1/apps/\(PathComponent.encode(appID))/endpoints/\(PathComponent.encode(endpointID))"
        async let endpointCall = api.get(base, as: EndpointOut.self)
        async let statsCall = api.get("\(base)/stats?window=24h", as: StatisticsOut.self)
        async let secretCall = api.get("\(base)/secret", as: EndpointSecretOut.self)
        async let attemptsCall = api.get("\(base)/attempts?limit=25", as: ListResponse<AttemptOut>.self)
        async let catalogCall = eventTypes()
        let (endpoint, stats, secret, attempts, catalog) = try await (endpointCall, statsCall, secretCall, attemptsCall, catalogCall)
        let pages = scope.appBase(endpoint.appId) + "/endpoints/" + PathComponent.encode(endpoint.id)
        let health = stats.endpoint
        let state = health?.state ?? (endpoint.disabled ? "disabled" : "healthy")
        var values: [String: Any] = [
            "id": endpoint.id, "url": endpoint.url, "description": endpoint.description, "disabled": endpoint.disabled,
            "state": state, "stateLabel": ViewFormat.stateLabel(state),
            "chart": StatisticsChart.svg(stats.series, large: true, label: "Attempts in the last 24 hours"),
            "attempts": stats.attempts, "successRate": ViewFormat.percent(stats.successRate),
            "p50": ViewFormat.milliseconds(stats.latencyMs.p50), "p95": ViewFormat.milliseconds(stats.latencyMs.p95), "p99": ViewFormat.milliseconds(stats.latencyMs.p99),
            "eventTypesText": endpoint.eventTypes.isEmpty ? "every type" : endpoint.eventTypes.joined(separator: ", "),
            "rateLimitText": endpoint.rateLimit.map { "\($0) per second" } ?? "none",
            "batchText": endpoint.batch.map { "up to \($0.maxEvents) events, waiting up to \($0.maxWaitMs) ms" } ?? "one event per request",
            "timeoutText": endpoint.timeoutMs.map { ViewFormat.duration(Int64($0)) } ?? "the server's default",
            "created": ViewFormat.time(endpoint.createdAt),
            "rateLimit": endpoint.rateLimit.map(String.init) ?? "", "timeoutMs": endpoint.timeoutMs.map(String.init) ?? "",
            "batchMaxEvents": endpoint.batch.map { String($0.maxEvents) } ?? "", "batchMaxWaitMs": endpoint.batch.map { String($0.maxWaitMs) } ?? "",
            "eventTypes": catalog.map { ["name": $0.name, "deprecated": $0.deprecated, "checked": endpoint.eventTypes.contains($0.name)] },
            "secret": secret.key,
            "previousSecrets": secret.previous.map { ["key": $0.key, "expires": ViewFormat.time($0.expiresAt)] },
            "updateAction": pages, "rotateAction": "\(pages)/rotate", "testAction": "\(pages)/test", "recoverAction": "\(pages)/recover",
            "deleteAction": "\(pages)/delete", "recoverSince": ViewFormat.dateTimeLocal(Date().addingTimeInterval(-24 * 3600)),
        ]
        if let health {
            values["since"] = ViewFormat.time(health.since)
            if let success = health.lastSuccessAt { values["lastSuccess"] = ViewFormat.time(success) }
            if let failure = health.lastFailure {
                let reason = failure.responseStatusCode.map { "status \($0)" } ?? failure.errorKind ?? "failed"
                values["lastFailure"] = ["at": ViewFormat.time(failure.at), "reason": reason + (failure.errorMessage.map { " (\($0))" } ?? "")]
            }
            if let until = health.circuitOpenUntil { values["circuitOpenUntil"] = ViewFormat.time(until) }
        }
        values.merge(attemptRows(attempts.data, appID: endpoint.appId, endpointLabels: [endpoint.id: endpoint.url])) { $1 }
        var page = WebPage(title: endpoint.url, template: "endpoint", values: values)
        page.crumbs = scope.isPortal ? [("Endpoints", "/portal")] : [("Applications", "/apps"), ("Application", scope.appBase(endpoint.appId))]
        page.notice = notice
        page.error = error
        return page
    }

    /// The values of the `attemptTable` partial.
    func attemptRows(_ attempts: [AttemptOut], appID: String, endpointLabels: [String: String]) -> [String: Any] {
        let base = scope.appBase(appID)
        let rows = attempts.map { attempt -> [String: Any] in
            let messagePage = "\(base)/messages/\(PathComponent.encode(attempt.messageId))"
            return ["started": ViewFormat.time(attempt.startedAt), "messageId": attempt.messageId, "messageHref": messagePage,
                    "endpointLabel": endpointLabels[attempt.endpointId] ?? attempt.endpointId, "status": attempt.status,
                    "outcome": ViewFormat.outcome(attempt), "duration": ViewFormat.duration(attempt.durationMs), "number": attempt.attemptNumber,
                    "trigger": attempt.trigger, "href": "\(messagePage)/attempts/\(PathComponent.encode(attempt.id))"]
        }
        return ["attempts": rows, "hasAttempts": !rows.isEmpty]
    }

    /// The endpoint a form describes, as the API takes it; nil values are left as they are.
    static func endpointFields(_ form: FormFields, patch: Bool) throws(PageError) -> [String: Any] {
        var body: [String: Any] = [:]
        if let url = form["url"] { body["url"] = url }
        body["description"] = form["description"] ?? ""
        body["eventTypes"] = form.all("eventTypes")
        guard patch else { return body }
        body["rateLimit"] = try integer(form["rateLimit"], "rate limit") ?? NSNull()
        body["timeoutMs"] = try integer(form["timeoutMs"], "timeout") ?? NSNull()
        let maxEvents = try integer(form["batchMaxEvents"], "most events per request")
        let maxWait = try integer(form["batchMaxWaitMs"], "longest wait")
        if maxEvents != nil || maxWait != nil {
            body["batch"] = ["maxEvents": maxEvents ?? 10, "maxWaitMs": maxWait ?? 1000]
        } else {
            body["batch"] = NSNull()
        }
        body["disabled"] = form["disabled"] == "true"
        return body
    }

    private static func integer(_ text: String?, _ name: String) throws(PageError) -> Int? {
        guard let text else { return nil }
        guard let value = Int(text) else { throw PageError(status: .unprocessableContent, message: "\(name) must be a whole number, got '\(text)'") }
        return value
    }

    /// JSON bytes of a form's fields.
    static func json(_ object: [String: Any]) -> [UInt8] {
        (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]).map { $0 }) ?? Array("{}".utf8)
    }
}
