import HTTPTypes
import Hummingbird

/// `GET /metrics`: the process's metrics in the Prometheus text format, when metrics are on;
/// behind its own token when `--metrics-token` is set (compared by SHA-256 in constant time).
struct MetricsRoutes {
    let monitoring: APIMonitoring

    static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    func register(on router: Router<HeraldContext>) {
        guard let exposition = monitoring.exposition else { return }
        let tokenHash = monitoring.metricsTokenHash
        router.get("metrics") { request, _ in
            if let tokenHash, AuthMiddleware.check(request, against: tokenHash) != .valid {
                throw APIError(.unauthorized, "unauthorized", "send the metrics token (--metrics-token) as 'Authorization: Bearer <token>'")
            }
            let body = await exposition()
            return Response(status: .ok, headers: [.contentType: Self.contentType], body: .init(byteBuffer: ByteBuffer(bytes: body)))
        }
    }
}
