import Foundation
import HeraldTestSupport
import Testing

/// Schemathesis reads `/openapi.json` and throws generated requests at `herald serve`: every
/// request the document allows must be accepted, every one it forbids refused, and every answer
/// must be one the document lists, with the documented headers, content type and body.
@Suite("OpenAPI conformance")
struct OpenAPIConformanceTests {
    /// The checks asked for; `use_after_free` and `ensure_resource_availability` belong to the
    /// stateful phase, which the settings leave out (see Tests/python/schemathesis.toml).
    static let checks = [
        "not_a_server_error", "status_code_conformance", "content_type_conformance", "response_headers_conformance",
        "response_schema_conformance", "positive_data_acceptance", "negative_data_rejection", "missing_required_header",
        "unsupported_method", "allow_header_conformance", "ignored_auth",
    ]

    @Test("schemathesis finds no difference between the document and the server",
          .enabled(if: Schemathesis.isInstalled,
                   ".venv/bin/schemathesis is missing; create it with: python3 -m venv .venv && .venv/bin/pip install -r Tests/python/requirements.txt"))
    func schemathesis() async throws {
        let slow = ProcessInfo.processInfo.environment["HERALD_SLOW_TESTS"] == "1"
        let server = try await ServerProcess.start(arguments: ["--role", "api", "--allowed-networks", "0.0.0.0/0,::/0"])
        defer { Task { await server.stop() } }
        let environment = try await Self.fixtures(server.api)

        var arguments = [
            "\(server.baseURL)/openapi.json", "--checks", Self.checks.joined(separator: ","),
            "--max-examples", slow ? "100" : "10", "--workers", "2", "--generation-database", "none",
            "--request-timeout", "10", "--no-color",
        ]
        if let seed = ProcessInfo.processInfo.environment["HERALD_SCHEMATHESIS_SEED"] { arguments += ["--seed", seed] }
        // Alone it takes ~30 s (10 examples); beside the rest of the suite on two cores, a full
        // run once needed more than 110 s. The limit only guards against a hang.
        let outcome = try await Schemathesis.run(arguments, environment: environment, timeLimit: slow ? 600 : 300)

        let report = Self.report(outcome.output)
        #expect(outcome.status != nil, "schemathesis did not finish within its time limit (\(Int(outcome.seconds)) s):\n\(report)")
        #expect(outcome.status == 0, "schemathesis found differences between the document and the server:\n\(report)")
        #expect(outcome.output.contains("Tested: 42"), "every documented operation is tested:\n\(report)")
        #expect(!server.printed.contains("Fatal error") && !server.printed.contains("runtime failure"), "the server crashed:\n\(server.printed.suffix(4000))")
    }

    /// Creates what the path parameters of schemathesis.toml name, and returns them as the
    /// HERALD_ST_* variables it reads.
    static func fixtures(_ api: APIClient) async throws -> [String: String] {
        for name in ["fixture.sent", "fixture.other", "fixture.patched", "fixture.doomed"] {
            let answer = try await api.post("/api/v1/event-types", #"{"name":"\#(name)"}"#)
            try #require(answer.status == 201, "\(answer.text)")
        }
        func created(_ path: String, _ body: String, status: Int = 201) async throws -> String {
            let answer = try await api.post(path, body)
            try #require(answer.status == status, "\(path): \(answer.text)")
            return try #require(answer.json["id"] as? String)
        }
        let app = try await created("/api/v1/apps", #"{"name":"Fixture","uid":"fixture-app"}"#)
        let doomedApp = try await created("/api/v1/apps", #"{"name":"Doomed"}"#)
        let endpoint = try await created("/api/v1/apps/\(app)/endpoints", #"{"url":"https://example.com/hook"}"#)
        let doomedEndpoint = try await created("/api/v1/apps/\(app)/endpoints", #"{"url":"https://example.com/doomed"}"#)
        let message = try await created("/api/v1/apps/\(app)/messages", #"{"eventType":"fixture.sent","payload":{"a":1}}"#, status: 202)
        let inbox = try await created("/api/v1/inboxes", "{}")
        let rule = try await created("/api/v1/alert-rules", #"{"name":"fixture-rule","kind":"backlog","threshold":600}"#)
        let doomedRule = try await created("/api/v1/alert-rules", #"{"name":"fixture-doomed","kind":"backlog"}"#)
        return [
            "HERALD_ST_TOKEN": api.token ?? "", "HERALD_ST_APP": app, "HERALD_ST_DOOMED_APP": doomedApp,
            "HERALD_ST_ENDPOINT": endpoint, "HERALD_ST_DOOMED_ENDPOINT": doomedEndpoint, "HERALD_ST_MESSAGE": message,
            "HERALD_ST_EVENT_TYPES": "fixture.sent,fixture.other", "HERALD_ST_PATCHED_EVENT_TYPE": "fixture.patched",
            "HERALD_ST_DOOMED_EVENT_TYPE": "fixture.doomed", "HERALD_ST_INBOX": inbox,
            "HERALD_ST_ALERT_RULE": rule, "HERALD_ST_DOOMED_ALERT_RULE": doomedRule,
        ]
    }

    /// The failures and the summary: the report from its FAILURES (or ERRORS) heading on,
    /// else its end.
    static func report(_ output: String) -> String {
        for heading in ["= ERRORS =", "= FAILURES =", "= WARNINGS =", "= SUMMARY ="] {
            if let range = output.range(of: heading) {
                let start = output[..<range.lowerBound].lastIndex(of: "\n") ?? output.startIndex
                return String(output[start...].suffix(60_000))
            }
        }
        return String(output.suffix(8000))
    }
}
