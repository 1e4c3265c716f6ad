import Logging
import NIOCore
import NIOHTTPTypes

/// Closes a connection whose client takes too long to send a request: the head must be complete
/// within ``ListenerConfiguration/requestHeadTimeout`` and the body within
/// ``ListenerConfiguration/requestBodyTimeout`` after it. Between requests it does nothing: the
/// idle timeout is Hummingbird's `HTTPConnectionStateHandler`'s job.
///
/// It sits after the HTTP decoder, so it sees whole request parts, never bytes. The head clock
/// starts when the connection opens and, on a kept-alive connection, at the first read that
/// brings bytes of the next request: a read that ends (`channelReadComplete`) without the
/// decoder having produced any part delivered a partial head. (Bytes of the next request that
/// arrive in the same read as the end of the previous one are not seen that way; such a client
/// is still bounded by the idle timeout.)
final class RequestDeadlineHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart

    /// Where the connection is in its current request.
    private enum Phase {
        /// Waiting for a request head; the head deadline runs.
        case awaitingHead
        /// The head came, the body has not ended yet; the body deadline runs.
        case readingBody
        /// The last request was read whole and no byte of another has come; no deadline runs.
        case betweenRequests
        /// The client closed its side: no further byte can come, so no deadline runs. A request
        /// cut short fails in the decoder; a whole one is answered and the connection closed.
        case inputClosed
    }

    private let headTimeout: TimeAmount
    private let bodyTimeout: TimeAmount
    private let logger: Logger
    private var phase = Phase.awaitingHead
    private var readPartSinceReadComplete = false
    private var deadline: Scheduled<Void>?

    /// A handler for one connection.
    init(configuration: ListenerConfiguration, logger: Logger) {
        self.headTimeout = TimeAmount(configuration.requestHeadTimeout)
        self.bodyTimeout = TimeAmount(configuration.requestBodyTimeout)
        self.logger = logger
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { armHeadDeadlineAtOpen(context: context) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        cancelDeadline()
    }

    func channelActive(context: ChannelHandlerContext) {
        armHeadDeadlineAtOpen(context: context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        cancelDeadline()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        readPartSinceReadComplete = true
        switch unwrapInboundIn(data) {
        case .head:
            phase = .readingBody
            arm(bodyTimeout, "no complete request body", context: context)
        case .body:
            break
        case .end:
            phase = .betweenRequests
            cancelDeadline()
        }
        context.fireChannelRead(data)
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        if phase == .betweenRequests && !readPartSinceReadComplete {
            phase = .awaitingHead
            arm(headTimeout, "no complete request head", context: context)
        }
        readPartSinceReadComplete = false
        context.fireChannelReadComplete()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case ChannelEvent.inputClosed = event {
            phase = .inputClosed
            cancelDeadline()
        }
        context.fireUserInboundEventTriggered(event)
    }

    /// The first head's deadline, counted from when the connection opened (armed once).
    private func armHeadDeadlineAtOpen(context: ChannelHandlerContext) {
        guard phase == .awaitingHead, deadline == nil else { return }
        arm(headTimeout, "no complete request head", context: context)
    }

    private func arm(_ timeout: TimeAmount, _ reason: String, context: ChannelHandlerContext) {
        cancelDeadline()
        deadline = context.eventLoop.assumeIsolated().scheduleTask(in: timeout) { [self] in
            deadline = nil
            logger.debug("Closing a connection: \(reason) within \(timeout.nanoseconds / 1_000_000) ms",
                         metadata: ["remote": "\(context.channel.remoteAddress.map { "\($0)" } ?? "?")"])
            context.close(promise: nil)
        }
    }

    private func cancelDeadline() {
        deadline?.cancel()
        deadline = nil
    }
}

@available(*, unavailable)
extension RequestDeadlineHandler: Sendable {}
