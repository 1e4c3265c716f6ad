import Foundation
import Testing

/// Runs Tests/python/verify_standard_webhooks.py (the `standardwebhooks` reference library).
public enum PythonVerifier {
    /// `$HERALD_PYTHON`, else the repository's `.venv` that `.ci/run` creates.
    public static func interpreter() -> String? {
        if let path = ProcessInfo.processInfo.environment["HERALD_PYTHON"], FileManager.default.isExecutableFile(atPath: path) { return path }
        let venv = repositoryRoot.appendingPathComponent(".venv/bin/python").path
        return FileManager.default.isExecutableFile(atPath: venv) ? venv : nil
    }

    /// True where the reference-verifier tests run: a Python with the library, or CI (which must have one).
    public static var shouldRun: Bool { interpreter() != nil || ProcessInfo.processInfo.environment["CI"] == "true" }

    /// The interpreter, or nil after recording an issue that says how to get one.
    public static func requiredInterpreter() -> String? {
        guard let python = interpreter() else {
            Issue.record("no Python with standardwebhooks: run .ci/run or set HERALD_PYTHON")
            return nil
        }
        return python
    }

    /// The repository's root folder, found from this file's path.
    public static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// Verifies `requests` with `secret`; exit status 0 when every one verifies.
    public static func run(_ python: String, secret: String, requests: [ReceivedRequest]) async throws -> (status: Int32, output: String) {
        let items = requests.map { request -> [String: Any] in
            ["headers": ["webhook-id": request.header("webhook-id") ?? "", "webhook-timestamp": request.header("webhook-timestamp") ?? "",
                         "webhook-signature": request.header("webhook-signature") ?? ""],
             "body_base64": Data(request.body).base64EncodedString()]
        }
        let input = try JSONSerialization.data(withJSONObject: ["secret": secret, "requests": items])
        let script = repositoryRoot.appendingPathComponent("Tests/python/verify_standard_webhooks.py").path
        let result = try await ChildProcess.run(URL(fileURLWithPath: python), [script], input: Array(input))
        return (result.status, result.standardOutput + result.standardError)
    }
}
