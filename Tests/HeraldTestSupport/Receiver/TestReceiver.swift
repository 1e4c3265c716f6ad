import NIOCore
import NIOHTTP1
import NIOPosix

/// A real HTTP/1.1 server on 127.0.0.1 whose behaviour each test scripts, to receive webhook
/// deliveries and record them.
///
/// ```swift
/// let receiver = try await TestReceiver.start()
/// receiver.script("/hook", [.status(503), .retryAfter(status: 429, value: "1"), .status(200)])
/// // ... deliver to receiver.url() ...
/// let requests = try await receiver.waitFor(count: 3, path: "/hook", timeout: .seconds(5))
/// try await receiver.stop()
/// ```
///
/// Requests to paths without a script are answered `200` with the body `ok`. Connections are
/// kept alive between requests (HTTP/1.1 keep-alive), as a pooling client expects. Every method
/// may be called from any thread or task.
public final class TestReceiver: Sendable {
    /// The TCP port the receiver listens on, on 127.0.0.1.
    public let port: Int

    private let serverChannel: any Channel
    private let state: TestReceiverState

    private init(serverChannel: any Channel, port: Int, state: TestReceiverState) {
        self.serverChannel = serverChannel
        self.port = port
        self.state = state
    }

    deinit {
        // A test that forgot `stop()` still leaves no listener or connection behind.
        self.serverChannel.close(promise: nil)
        for channel in self.state.stop() {
            channel.close(promise: nil)
        }
    }

    /// Runs `body` with a receiver started for it, then stops the receiver, whether `body`
    /// returned or threw.
    public static func run<Result: Sendable>(_ body: (TestReceiver) async throws -> Result) async throws -> Result {
        let receiver = try await start()
        do {
            let result = try await body(receiver)
            try? await receiver.stop()
            return result
        } catch {
            try? await receiver.stop()
            throw error
        }
    }

    /// Starts a receiver on 127.0.0.1 on a free port chosen by the system.
    ///
    /// - Returns: The running receiver; call ``stop()`` when done.
    /// - Throws: An error if the listening socket cannot be bound.
    public static func start() async throws -> TestReceiver {
        let state = TestReceiverState()
        let serverChannel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(ChannelOptions.backlog, value: 256)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                guard let connectionID = state.openConnection(channel) else {
                    return channel.close()
                }
                channel.closeFuture.whenComplete { _ in
                    state.connectionClosed(connectionID)
                }
                return channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(
                        TestReceiverConnectionHandler(state: state, connectionID: connectionID)
                    )
                }
            }
            .bind(host: "127.0.0.1", port: 0)
            .get()
        guard let port = serverChannel.localAddress?.port else {
            try? await serverChannel.close()
            throw ChannelError.unknownLocalAddress
        }
        return TestReceiver(serverChannel: serverChannel, port: port, state: state)
    }

    /// The URL of a path on this receiver.
    ///
    /// - Parameter path: The path, `/hook` by default; a leading `/` is added if missing.
    /// - Returns: For example `"http://127.0.0.1:PORT/hook"`.
    public func url(_ path: String = "/hook") -> String {
        let normalized = path.hasPrefix("/") ? path : "/" + path
        return "http://127.0.0.1:\(self.port)\(normalized)"
    }

    /// Stops listening and closes every open connection, hanging or delayed ones included,
    /// and returns once they are all closed. Calling it again does nothing.
    ///
    /// - Throws: An error if the listening socket failed to close.
    public func stop() async throws {
        var closeError: (any Error)?
        do {
            try await self.serverChannel.close()
        } catch ChannelError.alreadyClosed {
            // Stopped before.
        } catch {
            closeError = error
        }
        let connections = self.state.stop()
        for connection in connections {
            connection.close(promise: nil)
        }
        for connection in connections {
            try? await connection.closeFuture.get()
        }
        if let closeError {
            throw closeError
        }
    }

    /// Scripts the behaviour for one path: each incoming request to `path` takes the next step,
    /// and the last step repeats forever. Scripting a path again starts over at the new first step;
    /// an empty list removes the script.
    ///
    /// - Parameters:
    ///   - path: The request path to match exactly, without the query string (for example `"/hook"`).
    ///   - steps: The steps, in order.
    public func script(_ path: String, _ steps: [TestReceiverStep]) {
        self.state.script(path, steps)
    }

    /// The requests recorded since the start or the last ``reset()``, in arrival order.
    ///
    /// - Parameter path: Only requests to this path (without query), or all requests if `nil`.
    /// - Returns: The matching requests.
    public func requests(_ path: String? = nil) -> [ReceivedRequest] {
        self.state.requests(path)
    }

    /// The most requests to `path` that had arrived and were waiting for their answers at the
    /// same time, since the receiver started: the concurrency a sender really used.
    public func mostConcurrent(_ path: String) -> Int {
        self.state.mostConcurrent(path)
    }

    /// The number of requests recorded since the start or the last ``reset()``.
    ///
    /// - Parameter path: Only requests to this path (without query), or all requests if `nil`.
    /// - Returns: The number of matching requests.
    public func count(_ path: String? = nil) -> Int {
        self.state.count(path)
    }

    /// The number of distinct TCP connections accepted since the start or the last ``reset()``.
    ///
    /// Connection numbers (``ReceivedRequest/connectionID``) are never reused, not even after a reset.
    public func connectionCount() -> Int {
        self.state.connectionCount()
    }

    /// Waits until at least `count` requests have been recorded.
    ///
    /// - Parameters:
    ///   - count: The number of requests wanted.
    ///   - path: Only count requests to this path (without query), or all requests if `nil`.
    ///   - timeout: How long to wait at most.
    /// - Returns: All matching requests recorded by then (at least `count`), in arrival order.
    /// - Throws: ``TestReceiverTimeout`` if the timeout passes first; `CancellationError` if the
    ///   task is cancelled.
    public func waitFor(count: Int, path: String? = nil, timeout: Duration) async throws -> [ReceivedRequest] {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        while true {
            let current = self.state.requests(path)
            if current.count >= count {
                return current
            }
            let now = clock.now
            if now >= deadline {
                throw TestReceiverTimeout(path: path, wanted: count, seen: current.count, timeout: timeout)
            }
            try await Task.sleep(for: min(.milliseconds(5), now.duration(to: deadline)))
        }
    }

    /// Clears the recorded requests, every script and the connection count. Open connections
    /// stay open.
    public func reset() {
        self.state.reset()
    }
}
