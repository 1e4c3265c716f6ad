/// Why an attempt got no HTTP answer.
public enum DeliveryErrorKind: String, Sendable, CaseIterable {
    /// No answer within the request timeout.
    case timeout
    /// Nothing listens at the address.
    case connectionRefused
    /// The connection closed before an answer.
    case connectionClosed
    /// The host name does not resolve.
    case dnsFailure
    /// The TLS handshake failed.
    case tlsFailure
    /// A 3xx answer: redirects are never followed.
    case redirect
    /// The network guard refused the address.
    case refusedByNetworkGuard
    /// The URL cannot be used.
    case invalidURL
    /// Anything else.
    case other
}

/// What one HTTP attempt came to, before any policy is applied.
public struct AttemptResult: Sendable, Equatable {
    /// The status, when the endpoint answered.
    public var status: Int?
    /// The `Retry-After` header, if any.
    public var retryAfter: String?
    /// The first 4 KiB of the body.
    public var body: [UInt8]
    /// The response's content type.
    public var contentType: String?
    /// Set when the attempt failed without an answer, or for a redirect.
    public var errorKind: DeliveryErrorKind?
    /// A sentence about the failure.
    public var errorMessage: String?
    /// Milliseconds since 1970 when the attempt started.
    public var startedAt: Int64
    /// How long it took, in milliseconds.
    public var durationMilliseconds: Int64

    /// Creates a result.
    public init(status: Int?, retryAfter: String? = nil, body: [UInt8] = [], contentType: String? = nil, errorKind: DeliveryErrorKind? = nil,
                errorMessage: String? = nil, startedAt: Int64, durationMilliseconds: Int64) {
        self.status = status
        self.retryAfter = retryAfter
        self.body = body
        self.contentType = contentType
        self.errorKind = errorKind
        self.errorMessage = errorMessage
        self.startedAt = startedAt
        self.durationMilliseconds = durationMilliseconds
    }

    /// True for a 2xx answer.
    public var succeeded: Bool { status.map { (200...299).contains($0) } ?? false }
}
