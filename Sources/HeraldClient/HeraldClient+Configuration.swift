import AsyncHTTPClient
import NIOCore

extension HeraldClient {
    /// An `HTTPClient` configuration for short-lived programs such as the `herald` command:
    /// a refused connection fails at once instead of being retried until the request's
    /// deadline, and redirects are not followed (so the token never goes to another host).
    ///
    /// The caller owns the `HTTPClient` made with it and shuts it down when done.
    public static func failFastConfiguration(connectTimeout: Duration = .seconds(10)) -> HTTPClient.Configuration {
        var pool = HTTPClient.Configuration.ConnectionPool()
        pool.retryConnectionEstablishment = false
        return HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: .init(connect: TimeAmount(connectTimeout), read: nil),
            connectionPool: pool
        )
    }
}

extension HeraldClient {
    /// Runs `body` with a client that has its own `HTTPClient` (made with
    /// ``failFastConfiguration(connectTimeout:)``), and shuts that `HTTPClient` down afterwards,
    /// whether `body` returned or threw.
    ///
    /// ```swift
    /// let apps = try await HeraldClient.withDedicatedHTTPClient(baseURL: url, token: token) { herald in
    ///     try await herald.listApps()
    /// }
    /// ```
    public static func withDedicatedHTTPClient<Result>(
        baseURL: String,
        token: String,
        timeout: Duration = .seconds(30),
        connectTimeout: Duration = .seconds(10),
        _ body: (HeraldClient) async throws -> Result
    ) async throws -> Result {
        let httpClient = HTTPClient(
            eventLoopGroup: HTTPClient.defaultEventLoopGroup,
            configuration: failFastConfiguration(connectTimeout: connectTimeout)
        )
        let client = HeraldClient(baseURL: baseURL, token: token, httpClient: httpClient, timeout: timeout)
        let result: Swift.Result<Result, any Error>
        do {
            result = .success(try await body(client))
        } catch {
            result = .failure(error)
        }
        try? await httpClient.shutdown()
        return try result.get()
    }
}
