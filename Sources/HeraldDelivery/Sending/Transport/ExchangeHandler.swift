import NIOCore
import NIOHTTP1

/// One request and how its answer is to be kept.
struct TransportExchange: Sendable {
    let head: HTTPRequestHead
    let body: ByteBuffer
    /// How many bytes of the answer's body to keep; once they have arrived the exchange ends
    /// and the connection is closed (the rest is never read).
    let limit: Int
    /// When the whole exchange must have ended; past it the connection is closed.
    let deadline: NIODeadline
    let answer: EventLoopPromise<ExchangeOutcome>
}

/// What an exchange brought back, and whether its connection can carry another.
struct ExchangeOutcome: Sendable {
    let response: KeptResponse
    let reusable: Bool
}

/// Runs one exchange at a time on a keep-alive HTTP/1.1 connection, entirely on its event loop:
/// writes the request, keeps the head and the first `limit` bytes of the body, and ends the
/// exchange at its deadline. A connection whose answer was cut short, announced its close, or
/// outlived its deadline is closed rather than reused.
final class ExchangeHandler: ChannelDuplexHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundIn = TransportExchange
    typealias OutboundOut = HTTPClientRequestPart

    private struct Pending {
        let answer: EventLoopPromise<ExchangeOutcome>
        let limit: Int
        let timer: Scheduled<Void>
        var head: HTTPResponseHead?
        var body: [UInt8] = []
    }

    private var pending: Pending?

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let exchange = unwrapOutboundIn(data)
        guard pending == nil else {
            // The transport hands a connection to one exchange at a time; this cannot happen.
            exchange.answer.fail(ChannelError.inappropriateOperationForState)
            return
        }
        let loop = context.eventLoop.assumeIsolated()
        let timer = loop.scheduleTask(deadline: exchange.deadline) { [self] in
            fail(TransportError.deadlineExceeded, context: context)
        }
        pending = Pending(answer: exchange.answer, limit: exchange.limit, timer: timer)
        context.write(wrapOutboundOut(.head(exchange.head)), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(exchange.body))), promise: nil)
        let written = context.eventLoop.makePromise(of: Void.self)
        written.futureResult.assumeIsolated().whenFailure { [self] error in
            fail(error, context: context)
        }
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: written)
        promise?.succeed()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard pending != nil else {
            // Bytes nobody asked for: the connection's framing can no longer be trusted.
            context.close(promise: nil)
            return
        }
        switch unwrapInboundIn(data) {
        case .head(let head):
            pending?.head = head
            if pending?.limit == 0 { finish(reusable: false, context: context) }
        case .body(let part):
            guard let limit = pending?.limit, let kept = pending?.body.count else { return }
            pending?.body.append(contentsOf: part.readableBytesView.prefix(limit - kept))
            if kept + part.readableBytes >= limit { finish(reusable: false, context: context) }
        case .end:
            let keepAlive = pending?.head?.isKeepAlive ?? false
            finish(reusable: keepAlive, context: context)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        let cut = error as? HTTPParserError == .invalidEOFState && pending?.head != nil
        fail(cut ? TransportError.closedDuringAnswer : error, context: context)
        // An error on an idle connection (a TLS alert, bytes that are not HTTP) ends it too.
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        fail(pending?.head == nil ? TransportError.closedBeforeAnswer : TransportError.closedDuringAnswer, context: context)
        context.fireChannelInactive()
    }

    /// Hands over the answer kept so far; closes the connection unless it can be reused.
    private func finish(reusable: Bool, context: ChannelHandlerContext) {
        guard let current = pending, let head = current.head else { return }
        pending = nil
        current.timer.cancel()
        if !reusable { context.close(promise: nil) }
        current.answer.succeed(ExchangeOutcome(response: KeptResponse(head: head, body: current.body), reusable: reusable))
    }

    /// Fails the waiting exchange, if any, and closes the connection.
    private func fail(_ error: any Error, context: ChannelHandlerContext) {
        guard let current = pending else { return }
        pending = nil
        current.timer.cancel()
        context.close(promise: nil)
        current.answer.fail(ExchangeFailure(underlying: error, answerStarted: current.head != nil))
    }
}
