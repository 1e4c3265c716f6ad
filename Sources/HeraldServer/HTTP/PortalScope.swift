import Hummingbird

/// The API operations a portal session may make, all on its own application: reading the
/// application, its endpoints (and managing them), its messages and attempts (and resending),
/// its statistics; reading the event catalog; using test inboxes. Nothing else: no other
/// application, no sending messages, no alert rules, no server-wide figures, no portal links.
enum PortalScope {
    /// Route patterns (as Hummingbird names them) with the methods a portal may use on them.
    static let operations: [String: Set<HTTPRequest.Method>] = [
        "/api/v1/apps/{app}": [.get, .head],
        "/api/v1/apps/{app}/endpoints": [.get, .head, .post],
        "/api/v1/apps/{app}/endpoints/{ep}": [.get, .head, .patch, .delete],
        "/api/v1/apps/{app}/endpoints/{ep}/secret": [.get, .head],
        "/api/v1/apps/{app}/endpoints/{ep}/secret/rotate": [.post],
        "/api/v1/apps/{app}/endpoints/{ep}/attempts": [.get, .head],
        "/api/v1/apps/{app}/endpoints/{ep}/recover": [.post],
        "/api/v1/apps/{app}/endpoints/{ep}/test": [.post],
        "/api/v1/apps/{app}/endpoints/{ep}/stats": [.get, .head],
        "/api/v1/apps/{app}/messages": [.get, .head],
        "/api/v1/apps/{app}/messages/{msg}": [.get, .head],
        "/api/v1/apps/{app}/messages/{msg}/attempts": [.get, .head],
        "/api/v1/apps/{app}/messages/{msg}/endpoints/{ep}/resend": [.post],
        "/api/v1/apps/{app}/stats": [.get, .head],
        "/api/v1/event-types": [.get, .head],
        "/api/v1/event-types/{name}": [.get, .head],
        "/api/v1/inboxes": [.post],
        "/api/v1/inboxes/{inbox}/requests": [.get, .head],
    ]

    /// True when a portal session of `appID` may make this request: its route is one of
    /// ``operations`` and, when the route names an application, it names `appID` by its id.
    static func permits(_ method: HTTPRequest.Method, route: String?, appParameter: String?, appID: String) -> Bool {
        guard let route, let methods = operations[route], methods.contains(method) else { return false }
        if route.hasPrefix("/api/v1/apps/") { return appParameter == appID }
        return true
    }
}
