/// The limits of Herald's own HTTP listener, which keep slow, stalled or too many clients from
/// holding its connections (and file descriptors) for as long as they like.
public struct ListenerConfiguration: Sendable, Equatable {
    /// A connection must deliver a complete request head within this long: counted from when it
    /// opens, and on a kept-alive connection from the first bytes of each further request.
    public var requestHeadTimeout: Duration = .seconds(10)
    /// A request's body must have arrived whole within this long after its head.
    public var requestBodyTimeout: Duration = .seconds(60)
    /// A connection with no request in progress is closed after this long. Herald hands each
    /// answer to the connection whole, so this also ends a client that stops reading one.
    public var idleTimeout: Duration = .seconds(60)
    /// At most this many connections are open at once; a connection beyond them is closed as
    /// soon as it is accepted.
    public var maxConnections = 10_000

    /// The defaults.
    public init() {}
}
