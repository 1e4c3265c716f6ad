#if canImport(Glibc)
import Glibc
#endif
import NIOCore
import NIOPosix
import Synchronization

/// A plain TCP connection to a server, for tests that act as clients no HTTP library would be:
/// half a request head, a body that stalls, a connection that just sits. It records what the
/// server sends and when the server closed it.
public final class RawConnection: Sendable {
    private let channel: any Channel
    private let recorder: Recorder
    /// When the connection was asked for (before the connect).
    public let openedAt: ContinuousClock.Instant

    /// Connects to `host:port`. With `reading` false nothing is read (the client's receive
    /// buffer fills and the server's writes stall) until ``startReading()``. `firstBytes` are
    /// written on the event loop the moment the connection is up, so that no delay of the test's
    /// own tasks falls between the server's accept and them: a server with a short head timeout
    /// would otherwise close a connection whose test task was slow to be scheduled.
    public static func open(host: String = "localhost", port: Int, reading: Bool = true, sending firstBytes: String? = nil) async throws -> RawConnection {
        let openedAt = ContinuousClock.now
        let recorder = Recorder()
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(.seconds(10))
            .channelOption(.autoRead, value: reading)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(RecordingHandler(recorder: recorder, firstBytes: firstBytes))
                }
            }
            .connect(host: host, port: port).get()
        return RawConnection(channel: channel, recorder: recorder, openedAt: openedAt)
    }

    private init(channel: any Channel, recorder: Recorder, openedAt: ContinuousClock.Instant) {
        self.channel = channel
        self.recorder = recorder
        self.openedAt = openedAt
    }

    /// Sends `text` as it is (CRLFs included).
    public func send(_ text: String) async throws {
        try await channel.writeAndFlush(ByteBuffer(string: text))
    }

    /// Starts reading what the server sent (after opening with `reading: false`). A connection
    /// the server reset meanwhile (a close with data the client never read may come as a reset)
    /// is recorded as closed, like any other close, rather than thrown.
    public func startReading() async throws {
        do {
            try await channel.setOption(.autoRead, value: true).get()
        } catch {
            // A reset can surface here rather than through the recording handler (one loaded run
            // threw ECONNRESET from this call): the connection is over either way.
            recorder.state.withLock { state in
                if state.closedAt == nil { state.closedAt = ContinuousClock.now }
            }
        }
    }

    /// How many bytes the server sent so far.
    public var receivedCount: Int { recorder.state.withLock { $0.bytes.count } }

    /// Everything the server sent so far, as text.
    public var received: String { recorder.state.withLock { String(decoding: $0.bytes, as: UTF8.self) } }

    /// When the server closed the connection (or it failed), if it did.
    public var closedAt: ContinuousClock.Instant? { recorder.state.withLock { $0.closedAt } }

    /// How long after ``openedAt`` the connection closed, if it did.
    public var lifetime: Duration? { closedAt.map { $0 - openedAt } }

    /// Waits until the connection is closed, at most `timeout`; answers whether it is.
    @discardableResult
    public func waitForClose(timeout: Duration) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while closedAt == nil, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(10))
        }
        return closedAt != nil
    }

    /// Waits until the server has sent something containing `marker`, at most `timeout`.
    @discardableResult
    public func waitForResponse(containing marker: String = "\r\n\r\n", timeout: Duration = .seconds(10)) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while !received.contains(marker), closedAt == nil, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(5))
        }
        return received.contains(marker)
    }

    /// Forgets what was received so far (before the next request on a kept-alive connection).
    public func clearReceived() {
        recorder.state.withLock { $0.bytes.removeAll() }
    }

    /// Closes it from this side.
    public func close() async {
        try? await channel.close()
    }

    /// What the connection saw, written on its event loop and read by the test.
    final class Recorder: Sendable {
        struct State {
            var bytes: [UInt8] = []
            var closedAt: ContinuousClock.Instant?
        }
        let state = Mutex(State())
    }

    /// Records every byte read and the moment the channel goes inactive; sends the first bytes,
    /// if any, as soon as it is active.
    final class RecordingHandler: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        typealias OutboundOut = ByteBuffer
        let recorder: Recorder
        let firstBytes: String?

        init(recorder: Recorder, firstBytes: String?) {
            self.recorder = recorder
            self.firstBytes = firstBytes
        }

        func channelActive(context: ChannelHandlerContext) {
            if let firstBytes {
                context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: firstBytes)), promise: nil)
            }
            context.fireChannelActive()
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let buffer = unwrapInboundIn(data)
            recorder.state.withLock { $0.bytes.append(contentsOf: buffer.readableBytesView) }
        }

        func channelInactive(context: ChannelHandlerContext) {
            let now = ContinuousClock.now
            recorder.state.withLock { if $0.closedAt == nil { $0.closedAt = now } }
            context.fireChannelInactive()
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            context.close(promise: nil)
        }
    }
}
