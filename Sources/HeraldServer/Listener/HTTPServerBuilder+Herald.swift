import HummingbirdCore
import Logging
import NIOCore

extension HTTPServerBuilder {
    /// HTTP/1.1 within Herald's listener limits: a deadline for each request's head and body
    /// (``RequestDeadlineHandler``) and Hummingbird's idle timeout between requests.
    public static func herald(_ configuration: ListenerConfiguration, logger: Logger) -> HTTPServerBuilder {
        HTTPServerBuilder { responder in
            HTTP1Channel(responder: responder, configuration: .init(
                additionalChannelHandlers: [RequestDeadlineHandler(configuration: configuration, logger: logger)],
                idleTimeout: TimeAmount(configuration.idleTimeout)
            ))
        }
    }
}
