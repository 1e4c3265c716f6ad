import AsyncHTTPClient

/// A client for Herald's HTTP API: one method per route, typed with the `HeraldAPI` models.
///
/// Every method throws ``HeraldClientError``: the server's own error (`code`, `message` and
/// HTTP status), or a transport failure that names the server.
///
/// ```swift
/// let herald = HeraldClient(baseURL: "http://127.0.0.1:8080", token: "…")
/// let app = try await herald.createApp(ApplicationIn(name: "Acme"))
/// ```
public struct HeraldClient: Sendable {
    /// The largest response body read, in bytes (16 MiB).
    public static let maximumResponseBytes = 16 * 1024 * 1024

    /// The server's root URL without a trailing slash, e.g. `http://127.0.0.1:8080`.
    public let baseURL: String
    /// The bearer token sent with every `/api` request.
    public let token: String
    /// The HTTP client requests go through.
    public let httpClient: HTTPClient
    /// How long one request may take, connection and body included.
    public let timeout: Duration

    /// Creates a client for the server at `baseURL` (trailing slashes are ignored).
    ///
    /// - Parameters:
    ///   - baseURL: The server's root, e.g. `http://127.0.0.1:8080`.
    ///   - token: The API token, sent as `Authorization: Bearer <token>`.
    ///   - httpClient: The HTTP client to use; the process-wide shared one by default. That one
    ///     retries a refused connection until `timeout`; for a command-line tool
    ///     ``withDedicatedHTTPClient(baseURL:token:timeout:connectTimeout:_:)`` fails at once.
    ///   - timeout: How long one request may take.
    public init(baseURL: String, token: String, httpClient: HTTPClient = .shared, timeout: Duration = .seconds(30)) {
        var root = Substring(baseURL)
        while root.hasSuffix("/") { root = root.dropLast() }
        self.baseURL = String(root)
        self.token = token
        self.httpClient = httpClient
        self.timeout = timeout
    }
}
