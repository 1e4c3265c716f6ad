/// A test inbox: a URL on the Herald server itself that records whatever is POSTed to it, so
/// that an endpoint can point at it before its owner has written a receiver.
public struct TestInboxRecord: Sendable, Equatable {
    /// `inb_…`.
    public let id: String
    /// The `whsec_…` secret requests are verified with (the one to give the endpoint).
    public let secret: String
    /// Milliseconds since 1970.
    public let createdAt: Int64
    /// After this (milliseconds since 1970) the inbox answers 404 and is deleted.
    public let expiresAt: Int64

    /// An inbox.
    public init(id: String, secret: String, createdAt: Int64, expiresAt: Int64) {
        self.id = id
        self.secret = secret
        self.createdAt = createdAt
        self.expiresAt = expiresAt
    }
}

/// One request a test inbox received, as it came (its body cut at the inbox's limit).
public struct InboxRequestRecord: Sendable, Equatable {
    /// `req_…`, in arrival order.
    public let id: String
    /// The inbox that received it.
    public let inboxID: String
    /// Milliseconds since 1970.
    public let receivedAt: Int64
    /// The path and the query, as sent.
    public let path: String
    /// Every header, in order, names as sent.
    public let headers: [StoredHeader]
    /// The body, at most the inbox's limit.
    public let body: [UInt8]
    /// The body's whole size in bytes (more than `body.count` when it was cut).
    public let bodyBytes: Int
    /// True when the signature verified with the inbox's secret.
    public let verified: Bool
    /// Otherwise, the check that failed (`noMatchingSignature`, `missingHeader`, …).
    public let failedCheck: String?

    /// A request.
    public init(id: String, inboxID: String, receivedAt: Int64, path: String, headers: [StoredHeader], body: [UInt8], bodyBytes: Int,
                verified: Bool, failedCheck: String?) {
        self.id = id
        self.inboxID = inboxID
        self.receivedAt = receivedAt
        self.path = path
        self.headers = headers
        self.body = body
        self.bodyBytes = bodyBytes
        self.verified = verified
        self.failedCheck = failedCheck
    }
}

/// A header as stored: its name as sent and its value.
public struct StoredHeader: Sendable, Equatable, Codable {
    /// The name, as sent.
    public let name: String
    /// The value.
    public let value: String

    /// A header.
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}
