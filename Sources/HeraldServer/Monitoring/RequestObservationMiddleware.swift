import HTTPTypes
import HeraldDelivery
import Hummingbird
import Logging

/// The outermost middleware: gives each request an id (the client's `X-Request-Id` when it is
/// a short token, else Hummingbird's), answers with it, logs the request once when it ends, at
/// a level that fits its status (5xx error, 4xx info, the rest debug), and counts it in the
/// API's metrics by route pattern. The log line names the method, the route, the status, the
/// duration and the ids in the path; never a header, a query's cursor or a body.
struct RequestObservationMiddleware: RouterMiddleware {
    typealias Context = HeraldContext
    let metrics: APIMetrics

    static let requestIDHeader = HTTPField.Name("X-Request-Id")!

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let started = ContinuousClock.now
        var context = context
        let requestID = Self.clientRequestID(request) ?? context.id
        context.logger[metadataKey: "hb.request.id"] = nil
        context.logger[metadataKey: "request_id"] = "\(requestID)"
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as any HTTPResponseError {
            observe(request, context, status: error.status.code, started: started)
            throw error
        } catch {
            observe(request, context, status: 500, started: started)
            throw error
        }
        response.headers[Self.requestIDHeader] = requestID
        observe(request, context, status: response.status.code, started: started)
        return response
    }

    private func observe(_ request: Request, _ context: Context, status: Int, started: ContinuousClock.Instant) {
        let nanoseconds = started.nanosecondsSince
        let route = Self.routeName(context.endpointPath)
        metrics.request(route: route, method: request.method, status: status, nanoseconds: nanoseconds)
        let level: Logger.Level = status >= 500 ? .error : status >= 400 ? .info : .debug
        context.logger.log(level: level, "api request", metadata: {
            var metadata: Logger.Metadata = [
                "method": "\(request.method.rawValue)", "route": "\(route)", "status": "\(status)",
                "duration_ms": "\(Double(nanoseconds / 10_000) / 100)",
            ]
            for (parameter, key) in [("app", "app"), ("ep", "endpoint"), ("msg", "message")] {
                if let value = context.parameters.get(parameter) { metadata[key] = "\(value)" }
            }
            return metadata
        }())
    }

    /// The route's pattern as the OpenAPI document writes it (`/api/v1/apps/{app}`), or
    /// `unmatched` for a request no route took.
    static func routeName(_ endpointPath: String?) -> String {
        // Hummingbird names the path of a request no route took "NotFound".
        guard let path = endpointPath, path.hasPrefix("/") else { return "unmatched" }
        guard path.utf8.contains(UInt8(ascii: ":")) else { return path }
        return path.split(separator: "/", omittingEmptySubsequences: false)
            .map { $0.first == ":" ? "{\($0.dropFirst())}" : String($0) }
            .joined(separator: "/")
    }

    /// The client's request id, when it is 1 to 64 characters of letters, digits, `-`, `_` and `.`.
    static func clientRequestID(_ request: Request) -> String? {
        guard let value = request.headers[requestIDHeader], (1...64).contains(value.utf8.count),
              value.utf8.allSatisfy({ $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".")
                  || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0)
                  || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) })
        else { return nil }
        return value
    }
}
