import Foundation

/// A test inbox, as `POST /api/v1/inboxes` answers: point an endpoint's `url` at `url` and give
/// it `secret`; what arrives is listed by `GET /api/v1/inboxes/{id}/requests`.
public struct TestInboxOut: Codable, Sendable, Equatable {
    /// `inb_…`.
    public let id: String
    /// Where to send requests: this server's `/inboxes/{id}`.
    public let url: String
    /// The `whsec_…` secret requests are verified with.
    public let secret: String
    /// When the inbox was made.
    public let createdAt: Date
    /// When it stops answering and is deleted with what it received.
    public let expiresAt: Date

    /// An inbox.
    public init(id: String, url: String, secret: String, createdAt: Date, expiresAt: Date) {
        self.id = id
        self.url = url
        self.secret = secret
        self.createdAt = createdAt
        self.expiresAt = expiresAt
    }
}

/// One request a test inbox received.
public struct InboxRequestOut: Codable, Sendable, Equatable {
    /// A header as it came.
    public struct Header: Codable, Sendable, Equatable {
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

    /// `req_…`.
    public let id: String
    /// When it arrived.
    public let receivedAt: Date
    /// The path it was sent to, with the query.
    public let path: String
    /// Every header, in order.
    public let headers: [Header]
    /// The body kept: UTF-8 text, or Base64 when it is not valid UTF-8 (see `bodyEncoding`).
    public let body: String
    /// `utf8` or `base64`.
    public let bodyEncoding: String
    /// The whole body's size in bytes.
    public let bodyBytes: Int
    /// True when only the first part of the body was kept.
    public let bodyTruncated: Bool
    /// True when its Standard Webhooks signature verified with the inbox's secret.
    public let verified: Bool
    /// Otherwise, the check that failed: `missingHeader`, `invalidTimestamp`, `timestampTooOld`,
    /// `timestampTooNew`, `noMatchingSignature` or `malformedSignature`.
    public let failedCheck: String?

    /// A request.
    public init(id: String, receivedAt: Date, path: String, headers: [Header], body: String, bodyEncoding: String, bodyBytes: Int,
                bodyTruncated: Bool, verified: Bool, failedCheck: String?) {
        self.id = id
        self.receivedAt = receivedAt
        self.path = path
        self.headers = headers
        self.body = body
        self.bodyEncoding = bodyEncoding
        self.bodyBytes = bodyBytes
        self.bodyTruncated = bodyTruncated
        self.verified = verified
        self.failedCheck = failedCheck
    }

    enum CodingKeys: String, CodingKey {
        case id, receivedAt, path, headers, body, bodyEncoding, bodyBytes, bodyTruncated, verified, failedCheck
    }

    /// Writes `failedCheck` as null rather than leaving it out.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(receivedAt, forKey: .receivedAt)
        try container.encode(path, forKey: .path)
        try container.encode(headers, forKey: .headers)
        try container.encode(body, forKey: .body)
        try container.encode(bodyEncoding, forKey: .bodyEncoding)
        try container.encode(bodyBytes, forKey: .bodyBytes)
        try container.encode(bodyTruncated, forKey: .bodyTruncated)
        try container.encode(verified, forKey: .verified)
        try container.encode(failedCheck, forKey: .failedCheck)
    }
}
