/// One request to the API, before it becomes an `HTTPClientRequest`: path segments are kept
/// unencoded until ``HeraldClient/url(for:)`` encodes each one.
struct APIRequest: Sendable {
    /// The HTTP methods the API uses.
    enum Method: String, Sendable {
        case get = "GET", post = "POST", patch = "PATCH", delete = "DELETE"
    }

    /// The method.
    var method: Method
    /// The path below the server's root, one element per segment, e.g. `["api", "v1", "apps", id]`.
    var path: [String]
    /// Query parameters in order; nil values are left out.
    var query: [QueryItem] = []
    /// A JSON body, sent with `Content-Type: application/json`.
    var body: [UInt8]?
    /// Extra headers, e.g. `Idempotency-Key`.
    var headers: [(name: String, value: String)] = []
    /// Whether to send `Authorization: Bearer <token>` (every `/api` route).
    var authorized = true

    /// A query parameter.
    struct QueryItem: Sendable, Equatable {
        /// The parameter name.
        var name: String
        /// Its value; nil leaves the parameter out.
        var value: String?
    }

    /// A request under `/api/v1`.
    static func api(_ method: Method, _ path: String..., query: [QueryItem] = [], body: [UInt8]? = nil) -> APIRequest {
        APIRequest(method: method, path: ["api", "v1"] + path, query: query, body: body)
    }

    /// `limit` and `cursor`, the paging parameters of every list route.
    static func paging(limit: Int?, cursor: String?) -> [QueryItem] {
        [QueryItem(name: "limit", value: limit.map(String.init)), QueryItem(name: "cursor", value: cursor)]
    }
}
