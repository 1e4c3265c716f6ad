import HTTPTypes
import Hummingbird

/// The methods each route path of a router serves, read once every route is registered, so a
/// request whose path is known but whose method is not can be told apart from an unknown path.
struct RouteMethods: Sendable {
    /// The order methods are listed in an `Allow` header.
    private static let order: [HTTPRequest.Method] = [.get, .head, .post, .put, .patch, .delete, .options]

    private let routes: [(path: [RouterPath.Element], methods: Set<HTTPRequest.Method>)]

    /// The routes of `router`; every path also serves `OPTIONS`, and `HEAD` wherever it serves `GET`.
    init<Context>(_ router: Router<Context>) {
        var byPath = [String: (path: [RouterPath.Element], methods: Set<HTTPRequest.Method>)]()
        for route in router.routes {
            byPath[route.path.description, default: (Array(route.path.components), [.options])].methods.insert(route.method)
            if route.method == .get { byPath[route.path.description]?.methods.insert(.head) }
        }
        routes = Array(byPath.values)
    }

    /// The methods served on `path`, in `Allow` order; nil when no route has this path.
    func allowed(on path: String) -> [HTTPRequest.Method]? {
        let components = path.split(separator: "/")
        var methods = Set<HTTPRequest.Method>()
        for route in routes where route.path.count == components.count {
            if zip(route.path, components).allSatisfy({ element, component in element ~= component }) {
                methods.formUnion(route.methods)
            }
        }
        guard !methods.isEmpty else { return nil }
        return Self.order.filter(methods.contains) + methods.subtracting(Self.order).sorted { $0.rawValue < $1.rawValue }
    }
}
