import NIOCore
import NIOSSL
import NIOTLS

/// Completes a promise when a new connection's TLS handshake ends: succeeded once it is done,
/// failed with the handshake's own error (an untrusted certificate, a wrong name) or, when the
/// connection closes first, with ``TransportError/closedBeforeAnswer``. Waiting for it before the
/// first request goes out makes a failed handshake a TLS failure rather than a closed connection.
final class TLSHandshakeWatcher: ChannelInboundHandler {
    typealias InboundIn = NIOAny

    private let handshake: EventLoopPromise<Void>

    init(handshake: EventLoopPromise<Void>) {
        self.handshake = handshake
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case .handshakeCompleted = event as? TLSUserEvent { handshake.succeed() }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        handshake.fail(error)
        context.fireErrorCaught(error)
    }

    func channelInactive(context: ChannelHandlerContext) {
        handshake.fail(TransportError.closedBeforeAnswer)
        context.fireChannelInactive()
    }
}
