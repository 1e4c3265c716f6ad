import Foundation
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
    private var request = ByteBuffer()
    private var answered = false

    init(behaviour: HostileBehaviour, counters: HostileCounters) {
        self.behaviour = behaviour
        self.counters = counters
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch behaviour {
        case .oneAnswerPerConnection:
            answerOnce(unwrapInboundIn(data), context: context)
            return
        case .answerThenUnsolicited(let pause, let bytes):
            let wasAnswered = answered
            answerOnce(unwrapInboundIn(data), context: context)
            if answered && !wasAnswered {
                let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
                context.eventLoop.scheduleTask(in: TimeAmount(pause)) {
                    let (handler, context) = loopBound.value
                    handler.write(bytes, context: context)
                }
            }
            return
        default:
            break
        }
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
        case .oneAnswerPerConnection, .answerThenUnsolicited:
            break
        case .hugeBody(let bytes):
            write("HTTP/1.1 200 OK\r\nContent-Length: \(bytes)\r\nContent-Type: application/octet-stream\r\n\r\n", context: context)
            remaining = bytes
            pump(context: context)
        }
    }

    /// Reads the first request whole (its head and `Content-Length` bytes of body), answers it,
    /// and closes the connection at the first byte of another.
    private func answerOnce(_ bytes: ByteBuffer, context: ChannelHandlerContext) {
        guard !answered else {
            context.close(promise: nil)
            return
        }
        var bytes = bytes
        request.writeBuffer(&bytes)
        let text = String(buffer: request)
        guard let headEnd = text.range(of: "\r\n\r\n") else { return }
        let length = text[..<headEnd.lowerBound].split(separator: "\r\n")
            .first { $0.lowercased().hasPrefix("content-length:") }
            .flatMap { Int($0.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) } ?? 0
        guard text.utf8.distance(from: text.startIndex, to: headEnd.upperBound) + length <= request.readableBytes else { return }
        answered = true
        write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: keep-alive\r\n\r\nok", context: context)
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
