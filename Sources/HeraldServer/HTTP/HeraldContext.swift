import Foundation
import Hummingbird

/// The request context of Herald's routes.
public typealias HeraldContext = BasicRequestContext

extension Request {
    /// A path parameter that the route declares, or a 400 naming it.
    func parameter(_ name: String, _ context: HeraldContext) throws -> String {
        guard let value = context.parameters.get(name) else { throw APIError.badRequest("missing path parameter \(name)") }
        // A byte scan: `String.contains(String)` goes through Foundation's NSString search (2 % of an accept).
        return value.utf8.contains(UInt8(ascii: "%")) ? (value.removingPercentEncoding ?? value) : value
    }
}
