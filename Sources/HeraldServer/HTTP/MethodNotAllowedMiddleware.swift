import HTTPTypes
import Hummingbird

/// Answers requests that no route took but whose path is a route's: `OPTIONS` with 204 and the
/// path's methods in `Allow`, any other method with 405, `Allow` and the JSON error body.
/// Requests to unknown paths go on to the router's 404.
///
/// Added to the router after every route, so it runs only where no route matched (a router's
/// middleware applies to the routes added after it, and always to the not-found answer).
struct MethodNotAllowedMiddleware<Context: RequestContext>: RouterMiddleware {
    /// The routes the router serves.
    let routes: RouteMethods

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let methods = routes.allowed(on: request.uri.path) else {
            return try await next(request, context)
        }
        let allow = methods.map(\.rawValue).joined(separator: ", ")
        if request.method == .options {
            return Response(status: .noContent, headers: [.allow: allow])
        }
        let error = APIError(.methodNotAllowed, "method_not_allowed",
                             "\(request.method.rawValue) is not allowed on \(request.uri.path); use \(allow)")
        var response = try error.response(from: request, context: context)
        response.headers[.allow] = allow
        return response
    }
}
