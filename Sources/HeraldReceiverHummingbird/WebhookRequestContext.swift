import Hummingbird
import NIOCore

/// A request context that carries the connection's peer, for a router that mounts a
/// ``HeraldReceiver/WebhookReceiver`` with a source allowlist.
///
/// Hummingbird's `BasicRequestContext` does not carry the caller's address, and without it the
/// allowlist refuses every request (403). Any context that conforms to
/// `RemoteAddressRequestContext` works; this is the smallest one.
public struct WebhookRequestContext: RequestContext, RemoteAddressRequestContext {
    /// Hummingbird's own per-request storage.
    public var coreContext: CoreRequestContextStorage
    /// The connection's peer: the caller, or the proxy in front of it.
    public let remoteAddress: SocketAddress?

    /// The context of a request that arrived on `source`'s connection.
    public init(source: ApplicationRequestContextSource) {
        coreContext = CoreRequestContextStorage(source: source)
        remoteAddress = source.channel.remoteAddress
    }
}
