import Crypto
import Herald
import Hummingbird

/// Requires `Authorization: Bearer <token>` on every route it guards. The token is compared by
/// its SHA-256 in constant time, so neither its length nor its bytes leak through timing.
/// A request the web pages make in-process carries its session's ``APIAccess`` instead: the
/// dashboard's may do everything, a portal's only what ``PortalScope`` permits (anything else
/// is a 404, as if the other application did not exist).
struct AuthMiddleware: RouterMiddleware {
    typealias Context = HeraldContext
    /// SHA-256 of the accepted token.
    let tokenHash: [UInt8]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        switch context.access {
        case .everything:
            return try await next(request, context)
        case .portal(let appID):
            guard PortalScope.permits(request.method, route: context.endpointPath, appParameter: context.parameters.get("app"), appID: appID) else {
                throw APIError.notFound("this portal link gives access to one application's endpoints, messages and event catalog only")
            }
            return try await next(request, context)
        case nil:
            break
        }
        switch Self.check(request, against: tokenHash) {
        case .missing: throw APIError(.unauthorized, "unauthorized", "send the API token as 'Authorization: Bearer <token>'")
        case .malformed: throw APIError(.unauthorized, "unauthorized", "the Authorization header must be 'Bearer <token>'")
        case .wrong: throw APIError(.unauthorized, "unauthorized", "the API token is not valid")
        case .valid: return try await next(request, context)
        }
    }

    /// What a request's `Authorization` header is worth against a token's SHA-256.
    enum Verdict { case missing, malformed, wrong, valid }

    /// Checks `Authorization: Bearer <token>` (the scheme in any case) against `tokenHash`, by
    /// the SHA-256 of the presented token in constant time.
    static func check(_ request: Request, against tokenHash: [UInt8]) -> Verdict {
        guard let header = request.headers[.authorization] else { return .missing }
        let prefix = "bearer "
        guard header.count > prefix.count, header.prefix(prefix.count).lowercased() == prefix else { return .malformed }
        return isToken(Array(header.utf8.dropFirst(prefix.count)), of: tokenHash) ? .valid : .wrong
    }

    /// True when `presented` is the token whose SHA-256 is `tokenHash`, compared in constant time
    /// (the API's bearer header and the dashboard's sign-in form).
    static func isToken(_ presented: [UInt8], of tokenHash: [UInt8]) -> Bool {
        ConstantTime.equals(Array(SHA256.hash(data: presented)), tokenHash)
    }
}
