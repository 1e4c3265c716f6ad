import HummingbirdCore
import Logging
import NIOCore

extension HTTPServerBuilder {
    /// HTTP/1.1 within Herald's listener limits: a deadline for each request's head and body
    /// (``RequestDeadlineHandler``), Hummingbird's idle timeout between requests, and at most
    /// ``ListenerConfiguration/maxConnections`` connections at once (``ConnectionLimiter``).
    public static func herald(_ configuration: ListenerConfiguration, logger: Logger) -> HTTPServerBuilder {
        HTTPServerBuilder { responder in
            let http1 = HTTP1Channel(responder: responder, configuration: .init(
                additionalChannelHandlers: [RequestDeadlineHandler(configuration: configuration, logger: logger)],
                idleTimeout: TimeAmount(configuration.idleTimeout)
            ))
            return LimitedHTTP1Channel(base: http1, limiter: ConnectionLimiter(maximum: configuration.maxConnections, logger: logger))
        }
    }
}
