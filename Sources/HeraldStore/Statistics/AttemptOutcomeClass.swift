/// The class of an attempt's outcome, as statistics and metrics count it: the status class when
/// the endpoint answered (a `429` counts as `rate_limited`), otherwise why there was no answer.
/// The raw values are the labels `/metrics` and the statistics API use.
public enum AttemptOutcomeClass: String, Sendable, CaseIterable {
    /// A 2xx answer: delivered.
    case success = "2xx"
    /// A 3xx answer: redirects are never followed.
    case redirect = "3xx"
    /// A 4xx answer other than 429.
    case clientError = "4xx"
    /// A 5xx answer.
    case serverError = "5xx"
    /// A 429 answer: the endpoint asked Herald to slow down.
    case rateLimited = "rate_limited"
    /// No answer within the attempt's deadline.
    case timeout
    /// The connection could not be made or broke (refused, closed, DNS).
    case connection
    /// The TLS handshake failed.
    case tls
    /// The network guard refused the endpoint's address.
    case refusedByGuard = "refused_by_guard"
    /// Anything else (an unusable URL, an unexpected error).
    case other

    /// The class of an attempt that got `status` (if it got an answer) or failed with
    /// `errorKind` (a `DeliveryErrorKind` raw value).
    public init(status: Int?, errorKind: String?) {
        if let status, errorKind == nil || errorKind == "redirect" {
            switch status {
            case 200...299: self = .success
            case 300...399: self = .redirect
            case 429: self = .rateLimited
            case 400...499: self = .clientError
            case 500...599: self = .serverError
            default: self = .other
            }
            return
        }
        switch errorKind {
        case "timeout": self = .timeout
        case "connectionRefused", "connectionClosed", "dnsFailure": self = .connection
        case "tlsFailure": self = .tls
        case "refusedByNetworkGuard": self = .refusedByGuard
        case "redirect": self = .redirect
        default: self = .other
        }
    }

    /// Its position in ``allCases``: the index of its count in a ``StatisticsBucket``.
    public var index: Int { Self.allCases.firstIndex(of: self)! }
}
