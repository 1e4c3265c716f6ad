import AsyncHTTPClient
import ServiceLifecycle

/// Owns the outgoing HTTP client for the length of the process: it waits for the graceful
/// shutdown and then shuts the client down. Listed first in the service group, it stops last,
/// after the dispatcher has finished the attempts on the wire.
struct HTTPClientService: Service, CustomStringConvertible {
    let client: HTTPClient

    var description: String { "HTTPClientService" }

    func run() async throws {
        try? await gracefulShutdown()
        try await client.shutdown()
    }
}
