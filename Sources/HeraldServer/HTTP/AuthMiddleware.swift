import Crypto
import Herald
import Hummingbird

/// Requires `Authorization: Bearer <token>` on every route it guards. The token is compared by
/// its SHA-256 in constant time, so neither its length nor its bytes leak through timing.
struct AuthMiddleware<Context: RequestContext>: RouterMiddleware {
    /// SHA-256 of the accepted token.
    let tokenHash: [UInt8]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization] else {
            throw APIError(.unauthorized, "unauthorized", "send the API token as 'Authorization: Bearer <token>'")
        }
        let prefix = "bearer "
        guard header.count > prefix.count, header.prefix(prefix.count).lowercased() == prefix else {
            throw APIError(.unauthorized, "unauthorized", "the Authorization header must be 'Bearer <token>'")
        }
        let presented = Array(SHA256.hash(data: Array(header.utf8.dropFirst(prefix.count))))
        guard ConstantTime.equals(presented, tokenHash) else {
            throw APIError(.unauthorized, "unauthorized", "the API token is not valid")
        }
        return try await next(request, context)
    }
}
