import HTTPTypes
import Hummingbird
import HeraldStore
import Logging

/// Turns every error into the API's JSON error shape: API errors as they are, Hummingbird's
/// own errors (unknown route, body too large) into their code, anything else into a logged 500
/// whose body says nothing about internals.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            return try error.response(from: request, context: context)
        } catch let error as StoreError {
            if error.code != .conflict && error.code != .notFound {
                context.logger.error("store failure", metadata: ["path": "\(request.uri.path)", "error": "\(error)"])
            }
            return try error.apiError.response(from: request, context: context)
        } catch let error as HTTPError {
            return try Self.translate(error, request: request).response(from: request, context: context)
        } catch {
            context.logger.error("request failed", metadata: ["path": "\(request.uri.path)", "error": "\(error)"])
            return try APIError(.internalServerError, "internal", "the server failed to handle this request; it has been logged")
                .response(from: request, context: context)
        }
    }

    static func translate(_ error: HTTPError, request: Request) -> APIError {
        switch error.status {
        case .notFound:
            return APIError(.notFound, "not_found", "no route \(request.method) \(request.uri.path)")
        case .contentTooLarge:
            return APIError(.contentTooLarge, "payload_too_large", "the request body is larger than the server accepts")
        case .methodNotAllowed:
            return APIError(.methodNotAllowed, "method_not_allowed", "\(request.method) is not allowed on \(request.uri.path)")
        default:
            return APIError(error.status, "http_\(error.status.code)", error.body ?? error.status.reasonPhrase)
        }
    }
}
