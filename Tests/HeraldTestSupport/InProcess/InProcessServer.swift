import Foundation
import HeraldService
import HeraldStore
import Hummingbird
import HummingbirdTesting
import Logging

/// Herald running in the test's own process: the whole service (store, dispatcher, retention,
/// API) as `herald serve` composes it, on a fresh store (SQLite in a fresh data directory, or a
/// fresh PostgreSQL database) and a loopback port, run by HummingbirdTesting until the test body
/// returns; then it stops gracefully.
public struct InProcessServer: APIFixture {
    /// The service as composed from the settings.
    public let service: HeraldService
    /// Its data directory (where its SQLite store is, on that backend).
    public let dataDirectory: URL
    /// The port it listens on.
    public let port: Int
    /// Its API token.
    public let token: String

    /// `http://localhost:<port>`.
    public var baseURL: String { "http://localhost:\(port)" }

    /// A client with the server's token.
    public var api: APIClient { APIClient(baseURL: baseURL, token: token) }

    /// The server's store.
    public var store: any HeraldStore { service.store }

    /// Runs `body` against a server started with `herald serve`'s flags (`["--retry-schedule",
    /// "1s"]`; a flag without a value, such as `--require-https`, means true) on a fresh store of
    /// `backend` (a `--database` in `arguments` wins over it), once the backend has room for one
    /// more server (``StoreBackend/concurrentServers``).
    public static func run<Result: Sendable>(_ arguments: [String] = [], on backend: StoreBackend = .sqlite, dataDirectory: URL? = nil,
                                             token: String = "test-token",
                                             _ body: @Sendable (InProcessServer) async throws -> Result) async throws -> Result {
        guard let slots = backend.concurrentServers else {
            return try await start(arguments, on: backend, dataDirectory: dataDirectory, token: token, body)
        }
        return try await slots.run { try await start(arguments, on: backend, dataDirectory: dataDirectory, token: token, body) }
    }

    private static func start<Result: Sendable>(_ arguments: [String], on backend: StoreBackend, dataDirectory: URL?, token: String,
                                                _ body: @Sendable (InProcessServer) async throws -> Result) async throws -> Result {
        let directory = dataDirectory ?? TemporaryDirectory.make()
        var flags = try Self.flags(try await backend.freshStoreFlags() + arguments)
        flags["dataDir"] = directory.path
        flags["apiToken"] = token
        let settings = try HeraldSettings(reading: try await SettingsSources.reader(flags: flags, environment: [:]))
        var logger = Logger(label: "herald-test")
        logger.logLevel = .error
        let service = try await HeraldService(settings: settings, logger: logger)
        return try await service.application.test(.ahc(.http)) { client in
            let server = InProcessServer(service: service, dataDirectory: directory, port: client.port ?? 0, token: token)
            return try await body(server)
        }
    }

    /// `["--flag", "value", "--switch"]` as settings keys and values.
    static func flags(_ arguments: [String]) throws -> [String: String] {
        var flags = [String: String]()
        var index = arguments.startIndex
        while index < arguments.endIndex {
            let flag = arguments[index]
            let next = arguments.index(after: index)
            // A boolean's inversion, as herald serve takes it: --no-metrics.
            if flag.hasPrefix("--no-"), let definition = HeraldSettings.definitions.first(where: { $0.flag == "--" + flag.dropFirst(5) }) {
                flags[definition.key] = "false"
                index = next
                continue
            }
            guard let definition = HeraldSettings.definitions.first(where: { $0.flag == flag }) else {
                throw SettingsError("\(flag) is not a flag of herald serve")
            }
            if next < arguments.endIndex, !arguments[next].hasPrefix("--") {
                flags[definition.key] = arguments[next]
                index = arguments.index(after: next)
            } else {
                flags[definition.key] = "true"
                index = next
            }
        }
        return flags
    }
}
