import Foundation
import Hummingbird
import Logging

/// The request context of Herald's routes: Hummingbird's basic context, and what the request
/// may do when the dashboard or the portal made it in-process (see ``APIAccess``).
public struct HeraldContext: RequestContext {
    /// Hummingbird's own per-request state (logger, route, parameters).
    public var coreContext: CoreRequestContextStorage
    /// Set only for a request made in-process by the dashboard or the portal, on behalf of a
    /// signed-in session; nil for every request that came over the network, which must carry
    /// the API token.
    public var access: APIAccess?

    /// A context for a request that came over the network.
    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.access = nil
    }

    /// A context for a request the web pages make in-process, with `access` instead of a token.
    init(logger: Logger, access: APIAccess) {
        self.coreContext = .init(source: InProcessSource(logger: logger))
        self.access = access
    }
}

/// The source of an in-process request's context: only its logger.
private struct InProcessSource: RequestContextSource {
    let logger: Logger
}

/// What an in-process API request may do: everything (the operator's dashboard session) or one
/// application's portal operations (a portal link's session).
public enum APIAccess: Sendable, Equatable {
    /// The operator, signed in with the API token.
    case everything
    /// A portal session: one application's endpoints, messages, attempts and statistics, the
    /// event catalog and test inboxes.
    case portal(appID: String)
}

extension Request {
    /// A path parameter that the route declares, or a 400 naming it.
    func parameter(_ name: String, _ context: HeraldContext) throws -> String {
        guard let value = context.parameters.get(name) else { throw APIError.badRequest("missing path parameter \(name)") }
        // A byte scan: `String.contains(String)` goes through Foundation's NSString search (2 % of an accept).
        return value.utf8.contains(UInt8(ascii: "%")) ? (value.removingPercentEncoding ?? value) : value
    }
}
