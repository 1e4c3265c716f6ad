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
        /// `running`, `stopped` (a delivering process whose dispatcher is not running: not
        /// started yet, or ended) or `none` (a process with `--role api`).
        let dispatcher: String
        /// How long the oldest due delivery has been due, in seconds (0 when none is); null when
        /// the store cannot be read.
        let oldestDueAgeSeconds: Double?

        enum CodingKeys: String, CodingKey { case status, store, dispatcher, oldestDueAgeSeconds }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(status, forKey: .status)
            try container.encode(store, forKey: .store)
            try container.encode(dispatcher, forKey: .dispatcher)
            try container.encode(oldestDueAgeSeconds, forKey: .oldestDueAgeSeconds)
        }
    }

    func register(on router: Router<HeraldContext>) {
        router.get("health") { _, _ in
            let dispatcher = dependencies.monitoring.dispatcherRunning.map { $0() ? "running" : "stopped" } ?? "none"
            do {
                try await dependencies.store.checkHealth()
                // The earliest due time of what waits: one index lookup, cheap enough for a probe.
                let now = dependencies.now()
                let age = try await dependencies.store.nextDueTime().map { Double(max(0, now - $0)) / 1000 } ?? 0
                let healthy = dispatcher != "stopped"
                return JSONResponse.make(Health(status: healthy ? "ok" : "unavailable", store: "ok", dispatcher: dispatcher, oldestDueAgeSeconds: age),
                                         status: healthy ? .ok : .serviceUnavailable)
            } catch {
                return JSONResponse.make(Health(status: "unavailable", store: "unavailable", dispatcher: dispatcher, oldestDueAgeSeconds: nil),
                                         status: .serviceUnavailable)
            }
        }
        router.get("health/live") { _, _ in JSONResponse.make(bytes: Self.alive) }
        router.get("openapi.json") { _, _ in JSONResponse.make(bytes: Self.openAPIDocument) }
    }
}
