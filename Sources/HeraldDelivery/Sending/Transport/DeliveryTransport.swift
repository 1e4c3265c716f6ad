import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Herald's HTTP/1.1 client for deliveries, straight on SwiftNIO: keep-alive connections pooled
/// per approved address, TLS through NIOSSL with the certificate checked against the endpoint's
/// name, one exchange per connection at a time, no redirects followed, nothing retried but a
/// request whose reused connection turned out closed before any answer.
///
/// Each exchange runs on its connection's event loop with one scheduled deadline that bounds all
/// of it (connecting, the TLS handshake, sending, the answer's head and the kept part of its
/// body); only the kept part is read. It costs a fraction of a general-purpose client's CPU per
/// request, which is most of what a delivery costs (see docs/benchmarks.md).
public final class DeliveryTransport: Sendable {
    /// The longest a connection may take to open, within the attempt's own deadline.
    static let connectTimeoutCap = TimeAmount.seconds(10)

    private let group: any EventLoopGroup
    private let idle: IdleConnections
    private let tls: Result<NIOSSLContext, any Error>
    private let sweeper: Mutex<RepeatedTask?>

    /// A transport whose TLS connections trust the system's roots and, when given, the PEM
    /// certificates in `trustRootsFile`. At most `maximumIdlePerTarget` connections are kept
    /// per address; a connection idle for `idleTimeout` is closed.
    public init(trustRootsFile: String? = nil, maximumIdlePerTarget: Int = 512, idleTimeout: TimeAmount = .seconds(60),
                group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) {
        self.group = group
        self.idle = IdleConnections(capacityPerTarget: maximumIdlePerTarget)
        var configuration = TLSConfiguration.makeClientConfiguration()
        if let trustRootsFile { configuration.additionalTrustRoots = [.file(trustRootsFile)] }
        configuration.applicationProtocols = ["http/1.1"]
        self.tls = Result { try NIOSSLContext(configuration: configuration) }
        let idle = self.idle
        let sweep = TimeAmount.nanoseconds(max(idleTimeout.nanoseconds / 4, 1_000_000))
        self.sweeper = Mutex(group.next().scheduleRepeatedTask(initialDelay: sweep, delay: sweep) { _ in
            for channel in idle.removeIdle(since: .now() - idleTimeout) { channel.close(promise: nil) }
        })
    }

    deinit {
        sweeper.withLock { $0?.cancel() }
    }

    /// Closes every idle connection and keeps none from now on; exchanges still running end by
    /// their deadlines.
    public func shutdown() {
        sweeper.withLock { $0?.cancel(); $0 = nil }
        for channel in idle.removeAll() { channel.close(promise: nil) }
    }

    /// How many connections wait for their next exchange.
    var idleConnectionCount: Int { idle.count }

    /// Sends `head` and `body` to `target` and keeps the answer's head and the first `limit`
    /// bytes of its body, all by `deadline` (past it: ``TransportError/deadlineExceeded``).
    /// Other failures are NIO's and NIOSSL's own errors, or a ``TransportError``.
    public func exchange(_ head: HTTPRequestHead, body: ByteBuffer, to target: ConnectTarget, deadline: NIODeadline, limit: Int) async throws -> KeptResponse {
        if let reused = idle.take(target) {
            do {
                return try await exchange(head, body: body, on: reused, target: target, deadline: deadline, limit: limit)
            } catch let failure as ExchangeFailure {
                // An endpoint may close a kept-alive connection just as a request goes out on it.
                // Nothing of an answer came back, so the request is sent once more on a new
                // connection: a receiver that did get it sees the same webhook-id twice, which
                // it must tolerate anyway (at-least-once delivery).
                guard !failure.answerStarted, Self.closedWhileIdle(failure.underlying), !Task.isCancelled, deadline > .now() else {
                    throw failure.underlying
                }
            }
        }
        let channel = try await connect(to: target, deadline: deadline)
        do {
            return try await exchange(head, body: body, on: channel, target: target, deadline: deadline, limit: limit)
        } catch let failure as ExchangeFailure {
            throw failure.underlying
        }
    }

    /// Whether `error` is what a connection closed by its endpoint while idle gives on reuse.
    static func closedWhileIdle(_ error: any Error) -> Bool {
        switch error {
        case TransportError.closedBeforeAnswer: true
        case let error as ChannelError: error == .ioOnClosedChannel || error == .eof || error == .alreadyClosed || error == .outputClosed
        case let error as IOError: error.errnoCode == ECONNRESET || error.errnoCode == EPIPE
        default: false
        }
    }

    private func exchange(_ head: HTTPRequestHead, body: ByteBuffer, on channel: any Channel, target: ConnectTarget, deadline: NIODeadline,
                          limit: Int) async throws -> KeptResponse {
        let answer = channel.eventLoop.makePromise(of: ExchangeOutcome.self)
        let written = channel.eventLoop.makePromise(of: Void.self)
        // A channel closed before the write reaches the handler fails only the write.
        written.futureResult.whenFailure { answer.fail(ExchangeFailure(underlying: $0, answerStarted: false)) }
        channel.writeAndFlush(TransportExchange(head: head, body: body, limit: limit, deadline: deadline, answer: answer), promise: written)
        let outcome = try await withTaskCancellationHandler {
            try await answer.futureResult.get()
        } onCancel: {
            channel.close(promise: nil)
        }
        if outcome.reusable && !idle.put(channel, for: target) { channel.close(promise: nil) }
        return outcome.response
    }

    /// A new connection to `target`; for `https`, once its TLS handshake has succeeded. Both
    /// within `deadline`.
    private func connect(to target: ConnectTarget, deadline: NIODeadline) async throws -> any Channel {
        let remaining = deadline - .now()
        guard remaining > .zero else { throw TransportError.deadlineExceeded }
        let tls = target.usesTLS ? try self.tls.get() : nil
        let loop = group.next()
        let handshake = tls == nil ? nil : loop.makePromise(of: Void.self)
        let channel: any Channel
        do {
            channel = try await ClientBootstrap(group: loop)
                .connectTimeout(min(remaining, Self.connectTimeoutCap))
                .channelOption(.socketOption(.tcp_nodelay), value: 1)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        let pipeline = channel.pipeline.syncOperations
                        if let tls, let handshake {
                            try pipeline.addHandler(NIOSSLClientHandler(context: tls, serverHostname: target.serverName))
                            try pipeline.addHandler(TLSHandshakeWatcher(handshake: handshake))
                        }
                        try pipeline.addHTTPClientHandlers()
                        try pipeline.addHandler(ExchangeHandler())
                    }
                }
                .connect(to: target.address).get()
        } catch {
            handshake?.fail(error)
            throw error
        }
        guard let handshake else { return channel }
        let timer = loop.scheduleTask(deadline: deadline) { handshake.fail(TransportError.deadlineExceeded) }
        do {
            try await handshake.futureResult.get()
            timer.cancel()
            return channel
        } catch {
            timer.cancel()
            channel.close(promise: nil)
            throw error
        }
    }
}
