import AsyncHTTPClient
import Foundation
import Herald
import HeraldStore
import NIOCore
import NIOHTTP1
import NIOSSL

/// Sends one attempt of a delivery: the envelope, freshly signed with every valid secret,
/// over one shared, pooled HTTP client that never follows redirects, to the address the
/// network guard resolved and approved.
public struct WebhookSender: Sendable {
    /// The `User-Agent` of every request.
    public static let userAgent = "Herald/\(HeraldVersion.current)"
    /// How much of a response body is kept.
    public static let keptBodyBytes = 4096
    /// How much of a response body is read at all before the connection is given up.
    static let drainedBodyBytes = 1 << 20

    let client: HTTPClient
    let networkGuard: NetworkGuard
    let requestTimeout: Duration
    let now: @Sendable () -> Int64
    let targets = GuardedTargetCache()

    /// A sender on `client`, which must be configured not to follow redirects (see ``makeClient(maximumConnectionsPerHost:)``).
    public init(client: HTTPClient, networkGuard: NetworkGuard, requestTimeout: Duration, now: @escaping @Sendable () -> Int64) {
        self.client = client
        self.networkGuard = networkGuard
        self.requestTimeout = requestTimeout
        self.now = now
    }

    /// The shared client: keep-alive pool, up to `maximumConnectionsPerHost` connections per host
    /// (several endpoints may share a host; each endpoint's own limit is the dispatcher's),
    /// HTTP/2 when a TLS endpoint offers it, redirects returned rather than followed.
    public static func makeClient(maximumConnectionsPerHost: Int, trustRootsFile: String? = nil) -> HTTPClient {
        var configuration = HTTPClient.Configuration()
        if let trustRootsFile {
            var tls = TLSConfiguration.makeClientConfiguration()
            tls.additionalTrustRoots = [.file(trustRootsFile)]
            configuration.tlsConfiguration = tls
        }
        configuration.redirectConfiguration = .disallow
        configuration.httpVersion = .automatic
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: maximumConnectionsPerHost)
        configuration.timeout = .init(connect: .seconds(10))
        configuration.decompression = .disabled
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    /// Sends `delivery` signed with `secrets` and reports what happened.
    public func send(_ delivery: ClaimedDelivery, secrets: [WebhookSecret]) async -> AttemptResult {
        let startedAt = now()
        let clock = ContinuousClock()
        let began = clock.now
        func elapsed() -> Int64 {
            let duration = clock.now - began
            return duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
        }
        let target: GuardedTarget
        do {
            target = try await targets.target(for: delivery.endpoint.url, guard: networkGuard)
        } catch {
            return AttemptResult(status: nil, errorKind: error.kind, errorMessage: error.message, startedAt: startedAt, durationMilliseconds: elapsed())
        }
        let body = EventEnvelope(type: delivery.message.eventType, timestamp: Date(timeIntervalSince1970: Double(delivery.message.createdAt) / 1000),
                                 version: delivery.message.version, data: delivery.message.payload).encoded()
        var request = HTTPClientRequest(url: target.connectURL)
        request.method = .POST
        // The API refuses custom headers that Herald sets itself, so plain appends cannot collide.
        request.headers.reserveCapacity(delivery.endpoint.headers.count + 7)
        request.headers.add(name: "Host", value: target.hostHeader)
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "User-Agent", value: Self.userAgent)
        let signer = WebhookSigner(keys: secrets.map { SigningKey.symmetric($0) })
        for (name, value) in signer.headers(id: delivery.message.id, timestamp: startedAt / 1000, body: body) {
            request.headers.add(name: name, value: value)
        }
        if let version = delivery.message.version { request.headers.add(name: "X-Webhook-Version", value: version) }
        for (name, value) in delivery.endpoint.headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(bytes: body))
        do {
            let response = try await client.execute(request, timeout: TimeAmount.nanoseconds(Int64(requestTimeout.components.seconds) * 1_000_000_000
                                                                                               + requestTimeout.components.attoseconds / 1_000_000_000))
            let kept = await Self.readBody(response.body)
            let status = Int(response.status.code)
            let redirect = (300...399).contains(status)
            return AttemptResult(status: status, retryAfter: response.headers.first(name: "Retry-After"), body: kept,
                                 contentType: response.headers.first(name: "Content-Type"),
                                 errorKind: redirect ? .redirect : nil,
                                 errorMessage: redirect ? "redirects are not followed (Location: \(response.headers.first(name: "Location") ?? "none"))" : nil,
                                 startedAt: startedAt, durationMilliseconds: elapsed())
        } catch {
            let (kind, message) = DeliveryErrorClassifier.classify(error)
            return AttemptResult(status: nil, errorKind: kind, errorMessage: message, startedAt: startedAt, durationMilliseconds: elapsed())
        }
    }

    /// The first 4 KiB of a body; the rest is read (up to 1 MiB) so the connection can be reused.
    static func readBody(_ body: HTTPClientResponse.Body) async -> [UInt8] {
        var kept = [UInt8]()
        var seen = 0
        do {
            for try await chunk in body {
                if kept.count < keptBodyBytes {
                    kept.append(contentsOf: chunk.readableBytesView.prefix(keptBodyBytes - kept.count))
                }
                seen += chunk.readableBytes
                if seen > drainedBodyBytes { break }
            }
        } catch {
            return kept
        }
        return kept
    }
}
