import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// A minimal HTTP/1.1 client for a benchmark's load generator: keep-alive connections
/// straight on SwiftNIO, one request at a time each, no redirects, retries or streaming.
/// It exists so that posting the load takes as little of the machine as it can from the
/// server being measured (AsyncHTTPClient costs several times more CPU per request).
final class LeanHTTPPoster: Sendable {
    /// A response: its status and whole body.
    struct Answer: Sendable {
        let status: Int
        let body: ByteBuffer
    }

    private let host: String
    private let port: Int
    private let group: any EventLoopGroup
    private let idle = Mutex<[any Channel]>([])

    /// A poster to `host:port`; connections are opened as needed and kept.
    init(host: String, port: Int, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) {
        self.host = host
        self.port = port
        self.group = group
    }

    /// POSTs `body` to `path` with `headers`, on an idle connection or a new one.
    func post(_ path: String, headers: [(String, String)], body: ByteBuffer) async throws -> Answer {
        let channel = try await connection()
        var head = HTTPRequestHead(version: .http1_1, method: .POST, uri: path)
        head.headers.add(name: "Host", value: "\(host):\(port)")
        head.headers.add(name: "Content-Length", value: "\(body.readableBytes)")
        for (name, value) in headers { head.headers.add(name: name, value: value) }
        let promise = channel.eventLoop.makePromise(of: Answer.self)
        channel.writeAndFlush(LeanExchange(head: head, body: body, answer: promise), promise: nil)
        let answer = try await promise.futureResult.get()
        idle.withLock { $0.append(channel) }
        return answer
    }

    /// Closes every idle connection.
    func close() {
        let channels = idle.withLock { channels -> [any Channel] in
            defer { channels = [] }
            return channels
        }
        for channel in channels { channel.close(promise: nil) }
    }

    private func connection() async throws -> any Channel {
        if let channel = idle.withLock({ $0.popLast() }), channel.isActive { return channel }
        return try await ClientBootstrap(group: group)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    try channel.pipeline.syncOperations.addHandler(LeanExchangeHandler())
                }
            }
            .connect(host: host, port: port).get()
    }
}

/// One request and the promise its response fulfils.
struct LeanExchange: Sendable {
    let head: HTTPRequestHead
    let body: ByteBuffer
    let answer: EventLoopPromise<LeanHTTPPoster.Answer>
}

/// Writes an exchange's request and fulfils its promise with the response (on the event loop).
private final class LeanExchangeHandler: ChannelDuplexHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundIn = LeanExchange
    typealias OutboundOut = HTTPClientRequestPart

    private var waiting: EventLoopPromise<LeanHTTPPoster.Answer>?
    private var status = 0
    private var body = ByteBuffer()

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let exchange = unwrapOutboundIn(data)
        waiting = exchange.answer
        body.clear()
        context.write(wrapOutboundOut(.head(exchange.head)), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(exchange.body))), promise: nil)
        context.write(wrapOutboundOut(.end(nil)), promise: promise)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            status = Int(head.status.code)
        case .body(var part):
            body.writeBuffer(&part)
        case .end:
            let answer = LeanHTTPPoster.Answer(status: status, body: body)
            waiting?.succeed(answer)
            waiting = nil
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        waiting?.fail(error)
        waiting = nil
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        waiting?.fail(ChannelError.ioOnClosedChannel)
        waiting = nil
        context.fireChannelInactive()
    }
}
