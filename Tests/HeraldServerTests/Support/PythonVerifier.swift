import Foundation
import HeraldTestSupport

/// Runs Tests/python/verify_standard_webhooks.py (the `standardwebhooks` reference library).
enum PythonVerifier {
    /// `$HERALD_PYTHON`, else the repository's `.venv` that `.ci/run` creates.
    static func interpreter() -> String? {
        if let path = ProcessInfo.processInfo.environment["HERALD_PYTHON"], FileManager.default.isExecutableFile(atPath: path) { return path }
        let venv = repositoryRoot.appendingPathComponent(".venv/bin/python").path
        return FileManager.default.isExecutableFile(atPath: venv) ? venv : nil
    }

    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static func run(_ python: String, secret: String, requests: [ReceivedRequest]) throws -> (status: Int32, output: String) {
        let items = requests.map { request -> [String: Any] in
            ["headers": ["webhook-id": request.header("webhook-id") ?? "", "webhook-timestamp": request.header("webhook-timestamp") ?? "",
                         "webhook-signature": request.header("webhook-signature") ?? ""],
             "body_base64": Data(request.body).base64EncodedString()]
        }
        let input = try JSONSerialization.data(withJSONObject: ["secret": secret, "requests": items])
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [repositoryRoot.appendingPathComponent("Tests/python/verify_standard_webhooks.py").path]
        let stdin = Pipe(), stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stdout
        try process.run()
        stdin.fileHandleForWriting.write(input)
        try stdin.fileHandleForWriting.close()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }
}

/// Whether this machine's resolver gives localhost an IPv6 address.
enum NetworkGuardProbe {
    static func localhostHasIPv6() async throws -> Bool {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var result: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo("localhost", "80", &hints, &result) == 0 else { return false }
        defer { freeaddrinfo(result) }
        var cursor = result
        while let entry = cursor {
            if entry.pointee.ai_family == AF_INET6 { return true }
            cursor = entry.pointee.ai_next
        }
        return false
    }
}
