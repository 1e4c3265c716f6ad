import Herald

/// A request as the receiver sees it, whatever server it came through: its method, its headers
/// (names in lower case), its body and the address of the connection's peer.
public struct IncomingWebhook: Sendable {
    /// The HTTP method, such as `POST`.
    public let method: String
    /// Header values by lower-case name (a repeated header's values joined with `, `).
    public let headers: [String: String]
    /// The body, exactly as received.
    public let body: [UInt8]
    /// The connection's peer, when the server knows it.
    public let peer: IPAddress?

    /// A request; header names are lower-cased here.
    public init(method: String = "POST", headers: [String: String], body: [UInt8], peer: IPAddress? = nil) {
        self.method = method
        var lowered = [String: String](minimumCapacity: headers.count)
        for (name, value) in headers {
            let key = name.lowercased()
            lowered[key] = lowered[key].map { "\($0), \(value)" } ?? value
        }
        self.headers = lowered
        self.body = body
        self.peer = peer
    }
}

/// A request that passed every check: who sent it (its `webhook-id` and timestamp) and the
/// events it carries, one for a single webhook, each member for a batch.
public struct VerifiedWebhook: Sendable, Equatable {
    /// The request's `webhook-id`.
    public let requestID: String
    /// The request's `webhook-timestamp`, unix seconds.
    public let timestamp: Int64
    /// True for a batch request.
    public let isBatch: Bool
    /// The events, in the order the request held them.
    public let events: [ReceivedEvent]
}
