import NIOCore
import NIOHTTP1

/// Serves one TCP connection of a ``TestReceiver``: records each request and performs the
/// step scripted for it.
///
/// It sits behind NIO's HTTP/1.1 server pipeline, which hands it one request at a time and
/// holds back pipelined requests until the current response has ended.
final class TestReceiverConnectionHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let state: TestReceiverState
    private let connectionID: Int

    private var requestHead: HTTPRequestHead?
    private var requestBody: [UInt8] = []
    private var headReceivedAt = ContinuousClock.now
    private var pendingDelay: Scheduled<Void>?
    private var isActive = true
    /// The path of the request waiting for its answer, if one is.
    private var unansweredPath: String?

    init(state: TestReceiverState, connectionID: Int) {
        self.state = state
        self.connectionID = connectionID
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch self.unwrapInboundIn(data) {
        case .head(let head):
            self.requestHead = head
            self.requestBody = []
            self.headReceivedAt = ContinuousClock.now
            if head.headers[canonicalForm: "expect"].contains(where: { $0.lowercased() == "100-continue" }) {
                let continueHead = HTTPResponseHead(version: head.version, status: .continue)
                context.writeAndFlush(self.wrapOutboundOut(.head(continueHead)), promise: nil)
            }
        case .body(var buffer):
            self.requestBody += buffer.readBytes(length: buffer.readableBytes) ?? []
        case .end:
            guard let head = self.requestHead else { return }
            self.requestHead = nil
            let request = ReceivedRequest(
                method: head.method.rawValue,
                target: head.uri,
                headers: head.headers.map { (name: $0.name, value: $0.value) },
                body: self.requestBody,
                receivedAt: self.headReceivedAt,
                connectionID: self.connectionID,
                remotePort: context.channel.remoteAddress?.port
            )
            self.requestBody = []
            self.unansweredPath = request.path
            self.state.began(request.path)
            let step = self.state.record(request) ?? .response(status: 200, headers: [("Content-Type", "text/plain")], body: Array("ok".utf8))
            self.perform(step, for: head, context: context)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        self.isActive = false
        self.pendingDelay?.cancel()
        self.pendingDelay = nil
        self.answered()
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    private func perform(_ step: TestReceiverStep, for head: HTTPRequestHead, context: ChannelHandlerContext) {
        switch step {
        case .status(let status):
            self.respond(status: status, headers: [], body: [], for: head, context: context)
        case .response(let status, let headers, let body):
            self.respond(status: status, headers: headers, body: body, for: head, context: context)
        case .retryAfter(let status, let value):
            self.respond(status: status, headers: [("Retry-After", value)], body: [], for: head, context: context)
        case .redirect(let status, let location):
            self.respond(status: status, headers: [("Location", location)], body: [], for: head, context: context)
        case .delay(let duration, let next):
            self.pendingDelay = context.eventLoop.assumeIsolated().scheduleTask(in: TimeAmount(duration)) {
                self.pendingDelay = nil
                guard self.isActive else { return }
                self.perform(next, for: head, context: context)
            }
        case .hang:
            break
        case .closeConnection:
            context.close(promise: nil)
        }
    }

    /// The request waiting for its answer got it (or lost its connection).
    private func answered() {
        guard let path = self.unansweredPath else { return }
        self.unansweredPath = nil
        self.state.ended(path)
    }

    private func respond(
        status: Int,
        headers: [(String, String)],
        body: [UInt8],
        for request: HTTPRequestHead,
        context: ChannelHandlerContext
    ) {
        var responseHeaders = HTTPHeaders()
        for (name, value) in headers {
            responseHeaders.add(name: name, value: value)
        }
        let mayHaveBody = status >= 200 && status != 204 && status != 304
        if mayHaveBody, !responseHeaders.contains(name: "content-length"), !responseHeaders.contains(name: "transfer-encoding") {
            responseHeaders.add(name: "Content-Length", value: String(body.count))
        }
        let closeRequested = responseHeaders[canonicalForm: "connection"].contains { $0.lowercased() == "close" }
        let keepAlive = request.isKeepAlive && !closeRequested
        if !keepAlive, !closeRequested {
            responseHeaders.add(name: "Connection", value: "close")
        } else if keepAlive, request.version.major == 1, request.version.minor == 0 {
            responseHeaders.add(name: "Connection", value: "keep-alive")
        }

        let head = HTTPResponseHead(
            version: request.version,
            status: HTTPResponseStatus(statusCode: status),
            headers: responseHeaders
        )
        // Counted as answered before the answer goes out: once its bytes are on the wire the
        // sender may start its next request, which can arrive on another event loop before this
        // one gets back to its bookkeeping, and would read as one more at once than there were.
        self.answered()
        context.write(self.wrapOutboundOut(.head(head)), promise: nil)
        if !body.isEmpty {
            let buffer = context.channel.allocator.buffer(bytes: body)
            context.write(self.wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
        }
        let written = context.writeAndFlush(self.wrapOutboundOut(.end(nil)))
        if !keepAlive {
            written.assumeIsolated().whenComplete { _ in
                context.close(promise: nil)
            }
        }
    }
}
