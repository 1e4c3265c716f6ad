import Herald
import Synchronization

/// Where this process's own test inboxes are: `http://127.0.0.1:<port>/inboxes/…` (or
/// `localhost`, or `[::1]`) on the port its listener bound. Deliveries there are allowed
/// without opening `--allowed-networks`: they go to this process's own listener and nowhere
/// else, so they reach nothing the network guard protects. The port is known once the
/// listener is bound (0 until then: nothing matches).
public final class OwnInboxAddress: Sendable {
    private let port = Atomic<Int>(0)

    /// The path every inbox URL starts with.
    public static let pathPrefix = "/inboxes/"

    /// An address whose port is not known yet.
    public init() {}

    /// The listener is bound to `port`.
    public func listening(on port: Int) {
        self.port.store(port, ordering: .releasing)
    }

    /// The address to connect to when `host`, `port` and `path` name one of this process's
    /// inboxes: a loopback literal, or `localhost` on 127.0.0.1; nil otherwise.
    public func address(host: String, port: Int, path: String) -> IPAddress? {
        let own = self.port.load(ordering: .acquiring)
        guard own != 0, port == own, path.hasPrefix(Self.pathPrefix), !path.contains("/../") else { return nil }
        if host.lowercased() == "localhost" { return IPAddress("127.0.0.1") }
        guard case .address(let address) = NetworkHostLiteral(host), address.classification == .loopback else { return nil }
        return address
    }
}
