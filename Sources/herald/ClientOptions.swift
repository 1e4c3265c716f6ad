import ArgumentParser
import Foundation
import HeraldClient

/// The options every command that talks to a Herald server takes: where it is, the API token,
/// and whether to print JSON instead of a table.
struct ClientOptions: ParsableArguments {
    /// Used when neither `--server` nor `HERALD_SERVER` is given.
    static let defaultServer = "http://127.0.0.1:8080"

    @Option(help: ArgumentHelp("The Herald server's URL (default: $HERALD_SERVER, else \(ClientOptions.defaultServer)).", valueName: "url"))
    var server: String?

    @Option(help: ArgumentHelp("The API token (default: $HERALD_API_TOKEN).", valueName: "token"))
    var token: String?

    @Flag(help: "Print the server's JSON document (pretty, sorted keys) instead of a table.")
    var json = false

    /// `--server`, else `HERALD_SERVER`, else the default; exits 2 when it is not an http(s) URL.
    func resolvedServer() throws -> String {
        let environment = ProcessInfo.processInfo.environment["HERALD_SERVER"].flatMap { $0.isEmpty ? nil : $0 }
        let server = self.server ?? environment ?? Self.defaultServer
        let lowercased = server.lowercased()
        guard lowercased.hasPrefix("http://") || lowercased.hasPrefix("https://"), server.count > 8 else {
            throw fail("--server: '\(server)' is not an http:// or https:// URL")
        }
        return server
    }

    /// `--token`, else `HERALD_API_TOKEN`; exits 2 when there is neither.
    func resolvedToken() throws -> String {
        let environment = ProcessInfo.processInfo.environment["HERALD_API_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
        guard let token = self.token ?? environment else {
            throw fail("no API token: give --token or set HERALD_API_TOKEN")
        }
        return token
    }

    /// Runs `body` with a client for the chosen server, and turns a `HeraldClientError` into
    /// one line on standard error and exit code 1.
    func withClient<Result>(_ body: (HeraldClient) async throws -> Result) async throws -> Result {
        let server = try resolvedServer()
        let token = try resolvedToken()
        do {
            return try await HeraldClient.withDedicatedHTTPClient(baseURL: server, token: token, body)
        } catch let error as HeraldClientError {
            throw fail(error.description, code: 1)
        }
    }
}
