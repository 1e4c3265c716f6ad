import NIOCore

/// One connection of a ``HostileReceiver``: waits for the first bytes of a request, then
/// misbehaves as told until the client gives up.
final class HostileConnectionHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let behaviour: HostileBehaviour
    private let counters: HostileCounters
    private var started = false
    private var remaining = 0
    private var timer: RepeatedTask?

    init(behaviour: HostileBehaviour, counters: HostileCounters) {
        self.behaviour = behaviour
        self.counters = counters
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !started else { return }
        started = true
        switch behaviour {
        case .silent:
            break
        case .trickleBody(let interval):
            write("HTTP/1.1 200 OK\r\nContent-Length: 100000\r\nContent-Type: text/plain\r\n\r\n", context: context)
            repeatEvery(interval, context: context) { handler, context in handler.write("x", context: context) }
        case .endlessHeaders(let interval):
            write("HTTP/1.1 200 OK\r\n", context: context)
            repeatEvery(interval, context: context) { handler, context in handler.write("X-Filler: more\r\n", context: context) }
        case .garbage:
            let counters = self.counters
            context.writeAndFlush(NIOAny(ByteBuffer(string: "SMTP READY\r\n\r\n"))).whenComplete { _ in
                counters.wrote(14)
            }
            context.close(promise: nil)
        case .hugeBody(let bytes):
            write("HTTP/1.1 200 OK\r\nContent-Length: \(bytes)\r\nContent-Type: application/octet-stream\r\n\r\n", context: context)
            remaining = bytes
            pump(context: context)
        }
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if case .hugeBody = behaviour, started { pump(context: context) }
    }

    func channelInactive(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    /// Writes body chunks while the socket takes them.
    private func pump(context: ChannelHandlerContext) {
        let chunk = ByteBuffer(repeating: UInt8(ascii: "x"), count: 64 * 1024)
        while remaining > 0 && context.channel.isWritable {
            let size = min(remaining, chunk.readableBytes)
            remaining -= size
            let counters = self.counters
            context.writeAndFlush(NIOAny(chunk.getSlice(at: 0, length: size)!)).whenSuccess { counters.wrote(size) }
        }
    }

    private func write(_ text: String, context: ChannelHandlerContext) {
        let counters = self.counters
        let size = text.utf8.count
        context.writeAndFlush(NIOAny(ByteBuffer(string: text))).whenSuccess { counters.wrote(size) }
    }

    private func repeatEvery(_ interval: Duration, context: ChannelHandlerContext, _ action: @escaping @Sendable (HostileConnectionHandler, ChannelHandlerContext) -> Void) {
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        timer = context.eventLoop.scheduleRepeatedTask(initialDelay: TimeAmount(interval), delay: TimeAmount(interval)) { _ in
            let (handler, context) = loopBound.value
            action(handler, context)
        }
    }
}
