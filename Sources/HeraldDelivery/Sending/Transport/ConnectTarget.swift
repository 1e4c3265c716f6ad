import NIOCore

/// Where one attempt connects: the address the network guard approved (never a name resolved
/// again at connect time), and for `https` the name the server's certificate must carry.
/// Connections are pooled per target.
public struct ConnectTarget: Sendable, Hashable {
    /// The approved address and port.
    public let address: SocketAddress
    /// For `https`: the name sent as SNI and checked against the certificate, or `nil` when the
    /// URL names an IP address (the certificate's chain is still checked). `nil` for `http`.
    public let serverName: String?
    /// Whether the connection is TLS.
    public let usesTLS: Bool

    /// A target at `address`; `serverName` (for TLS) is the name the certificate must carry.
    public init(address: SocketAddress, serverName: String? = nil, usesTLS: Bool = false) {
        self.address = address
        self.serverName = serverName
        self.usesTLS = usesTLS
    }
}
