import Foundation
import HeraldStore
import Hummingbird

/// `/health` (readiness: the store answers), `/health/live` (liveness) and `/openapi.json`: no token needed.
struct OperationsRoutes {
    let dependencies: ServerDependencies

    /// The OpenAPI document, read once from the module's resources.
    static let openAPIDocument: [UInt8] = {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json"), let data = try? Data(contentsOf: url) else {
            return Array(#"{"error":{"code":"internal","message":"openapi.json is missing from this build"}}"#.utf8)
        }
        return Array(data)
    }()

    /// The answer of the liveness probe, which touches nothing but the HTTP stack.
    static let alive = Array(#"{"status":"ok"}"#.utf8)

    struct Health: Encodable {
        let status: String
        let store: String
    }

    func register(on router: Router<HeraldContext>) {
        router.get("health") { _, _ in
            do {
                try await dependencies.store.checkHealth()
                return JSONResponse.make(Health(status: "ok", store: "ok"))
            } catch {
                return JSONResponse.make(Health(status: "unavailable", store: "unavailable"), status: .serviceUnavailable)
            }
        }
        router.get("health/live") { _, _ in JSONResponse.make(bytes: Self.alive) }
        router.get("openapi.json") { _, _ in JSONResponse.make(bytes: Self.openAPIDocument) }
    }
}
