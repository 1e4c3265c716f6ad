import HummingbirdCore
import Logging
import NIOCore

/// Hummingbird's HTTP/1.1 child channel behind a ``ConnectionLimiter``: a connection over the
/// limit is closed before any of the HTTP pipeline is built for it.
struct LimitedHTTP1Channel: ServerChildChannel {
    typealias Value = HTTP1Channel.Value

    /// The channel that serves the connections let in.
    let base: HTTP1Channel
    /// What decides which connections are let in.
    let limiter: ConnectionLimiter

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        guard limiter.admit(channel) else {
            channel.close(promise: nil)
            return channel.eventLoop.makeFailedFuture(ConnectionRefused())
        }
        // A failed setup is dropped by the server without closing the channel; close it here,
        // so that neither its descriptor nor its place under the limit is lost.
        return base.setup(channel: channel, logger: logger).flatMapErrorThrowing { error in
            channel.close(promise: nil)
            throw error
        }
    }

    func handle(value: Value, logger: Logger) async {
        await base.handle(value: value, logger: logger)
    }

    /// Why a refused connection's setup fails (the server drops it; nothing else sees this).
    struct ConnectionRefused: Error {}
}
