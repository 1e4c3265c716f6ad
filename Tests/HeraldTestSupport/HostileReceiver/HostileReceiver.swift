import NIOCore
import NIOPosix
import Synchronization

/// A TCP server on 127.0.0.1 that answers every request in one ``HostileBehaviour``, and
/// counts what it did: connections accepted and still open, bytes of answer it managed to
/// write. For tests that every attempt ends by its deadline and reads only what it keeps.
public final class HostileReceiver: Sendable {
    /// The port on 127.0.0.1.
    public let port: Int
    private let serverChannel: any Channel
    private let counters: HostileCounters

    private init(port: Int, serverChannel: any Channel, counters: HostileCounters) {
        self.port = port
        self.serverChannel = serverChannel
        self.counters = counters
    }

    /// Starts a receiver behaving as `behaviour`.
    public static func start(_ behaviour: HostileBehaviour) async throws -> HostileReceiver {
        let counters = HostileCounters()
        let serverChannel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                counters.opened(channel)
                channel.closeFuture.whenComplete { _ in counters.closed(channel) }
                return channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(HostileConnectionHandler(behaviour: behaviour, counters: counters))
                }
            }
            .bind(host: "127.0.0.1", port: 0)
            .get()
        guard let port = serverChannel.localAddress?.port else {
            try? await serverChannel.close()
            throw ChannelError.unknownLocalAddress
        }
        return HostileReceiver(port: port, serverChannel: serverChannel, counters: counters)
    }

    /// A URL on this receiver.
    public func url(_ path: String = "/hook") -> String { "http://127.0.0.1:\(port)\(path)" }

    /// Connections accepted so far.
    public var accepted: Int { counters.snapshot.accepted }
    /// Connections open now.
    public var open: Int { counters.snapshot.open }
    /// Bytes of answer written to all connections so far.
    public var bytesWritten: Int { counters.snapshot.bytesWritten }

    /// Closes the listener and every connection.
    public func stop() async {
        try? await serverChannel.close()
        for channel in counters.openChannels() { try? await channel.close() }
    }
}

/// What a ``HostileReceiver`` counted, across its event loops.
final class HostileCounters: Sendable {
    struct Snapshot {
        var accepted = 0
        var open = 0
        var bytesWritten = 0
    }

    private let state = Mutex<(Snapshot, [ObjectIdentifier: any Channel])>((Snapshot(), [:]))

    var snapshot: Snapshot { state.withLock { $0.0 } }

    func opened(_ channel: any Channel) {
        state.withLock {
            $0.0.accepted += 1
            $0.0.open += 1
            $0.1[ObjectIdentifier(channel)] = channel
        }
    }

    func closed(_ channel: any Channel) {
        state.withLock {
            $0.0.open -= 1
            $0.1[ObjectIdentifier(channel)] = nil
        }
    }

    func wrote(_ bytes: Int) {
        state.withLock { $0.0.bytesWritten += bytes }
    }

    func openChannels() -> [any Channel] {
        state.withLock { Array($0.1.values) }
    }
}
