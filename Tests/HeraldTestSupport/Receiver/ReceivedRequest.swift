/// One HTTP request as a ``TestReceiver`` received it.
///
/// Requests are recorded once they are complete (head and body read), before the scripted
/// ``TestReceiverStep`` runs, so requests answered with ``TestReceiverStep/hang`` or
/// ``TestReceiverStep/closeConnection`` are recorded too.
public struct ReceivedRequest: Sendable {
    /// The request method, as sent (for example `"POST"`).
    public let method: String

    /// The path of the request target, without the query string (for example `"/hook"`).
    public let path: String

    /// The query string after the `?` of the request target, without the `?`;
    /// `nil` if the target has no `?`.
    public let query: String?

    /// The request target as sent on the request line (path and query).
    public let target: String

    /// The request headers, in the order and spelling they were sent.
    public let headers: [(name: String, value: String)]

    /// The request body bytes (empty if there was none).
    public let body: [UInt8]

    /// When the request head arrived.
    public let receivedAt: ContinuousClock.Instant

    /// The number of the TCP connection the request came on: the same number for requests
    /// that share a connection, a new one for each connection the receiver accepted.
    public let connectionID: Int

    /// The client's port of that connection (its local port, as the receiver sees it from the
    /// other end), when known: with ``ConnectionOwners``, which process sent the request.
    public let remotePort: Int?

    /// Creates a received request.
    ///
    /// - Parameters:
    ///   - method: The request method.
    ///   - target: The request target; the path and query are split from it.
    ///   - headers: The request headers in order.
    ///   - body: The request body bytes.
    ///   - receivedAt: When the request head arrived.
    ///   - connectionID: The number of the TCP connection the request came on.
    ///   - remotePort: The client's port of that connection, if known.
    public init(
        method: String,
        target: String,
        headers: [(name: String, value: String)],
        body: [UInt8],
        receivedAt: ContinuousClock.Instant,
        connectionID: Int,
        remotePort: Int? = nil
    ) {
        self.method = method
        self.target = target
        var pathAndQuery = Substring(target)
        // Absolute form ("http://host:port/path?query"): keep only the path and query.
        if !pathAndQuery.hasPrefix("/"), let schemeEnd = pathAndQuery.firstRange(of: "://") {
            let afterScheme = pathAndQuery[schemeEnd.upperBound...]
            pathAndQuery = afterScheme.firstIndex(of: "/").map { afterScheme[$0...] } ?? "/"
        }
        if let questionMark = pathAndQuery.firstIndex(of: "?") {
            self.path = String(pathAndQuery[..<questionMark])
            self.query = String(pathAndQuery[pathAndQuery.index(after: questionMark)...])
        } else {
            self.path = String(pathAndQuery)
            self.query = nil
        }
        self.headers = headers
        self.body = body
        self.receivedAt = receivedAt
        self.connectionID = connectionID
        self.remotePort = remotePort
    }

    /// The value of the first header with the given name, compared case-insensitively;
    /// `nil` if there is none.
    public func header(_ name: String) -> String? {
        let wanted = name.lowercased()
        return self.headers.first { $0.name.lowercased() == wanted }?.value
    }

    /// The values of every header with the given name, compared case-insensitively, in order.
    public func headerValues(_ name: String) -> [String] {
        let wanted = name.lowercased()
        return self.headers.filter { $0.name.lowercased() == wanted }.map(\.value)
    }

    /// The body decoded as UTF-8 (invalid bytes are replaced).
    public var bodyText: String {
        String(decoding: self.body, as: UTF8.self)
    }
}
