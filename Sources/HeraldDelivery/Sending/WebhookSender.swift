import AsyncHTTPClient
import Foundation
import Herald
import HeraldStore
import NIOCore
import NIOHTTP1
import NIOSSL

/// Sends one attempt of a delivery: the envelope, freshly signed with every valid secret,
/// through the ``DeliveryTransport`` (pooled keep-alive HTTP/1.1, redirects never followed),
/// to the address the network guard resolved and approved.
public struct WebhookSender: Sendable {
    /// The `User-Agent` of every request.
    public static let userAgent = "Herald/\(HeraldVersion.current)"
    /// How much of a response body is kept.
    public static let keptBodyBytes = 4096

    let transport: DeliveryTransport
    let networkGuard: NetworkGuard
    /// Each attempt's deadline, from its endpoint (``DeliveryConfiguration/attemptTimeout(for:)``).
    let timeout: @Sendable (EndpointRecord) -> Duration
    let now: @Sendable () -> Int64
    let targets = GuardedTargetCache()

    /// A sender through `transport`; each attempt ends by the deadline `timeout` gives for its endpoint.
    public init(transport: DeliveryTransport, networkGuard: NetworkGuard, timeout: @escaping @Sendable (EndpointRecord) -> Duration,
                now: @escaping @Sendable () -> Int64) {
        self.transport = transport
        self.networkGuard = networkGuard
        self.timeout = timeout
        self.now = now
    }

    /// A general-purpose client for Herald's own low-volume requests (operator events and
    /// alert notices): keep-alive pool, up to `maximumConnectionsPerHost` connections per host,
    /// HTTP/2 when a TLS server offers it, redirects returned rather than followed. Deliveries
    /// go through the ``DeliveryTransport`` instead.
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
        // A refused connection fails at once; the caller's schedule decides when to try again.
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.decompression = .disabled
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    /// Sends `delivery` signed with `secrets` and reports what happened, by the deadline: the
    /// whole attempt (name lookup, connection, request, response head and the kept part of the
    /// body) ends within the endpoint's timeout, or the request timeout when it has none; past
    /// it the attempt is a `timeout` and its connection is closed.
    public func send(_ delivery: ClaimedDelivery, secrets: [WebhookSecret]) async -> AttemptResult {
        let message = delivery.message
        return await post(RequestContent(endpoint: delivery.endpoint, webhookID: message.id, version: message.version, batchSize: nil) {
            Self.envelope(of: message).encoded()
        }, secrets: secrets)
    }

    /// Sends `members` (deliveries to one endpoint, in the order they are to appear) as one
    /// request: a JSON array of their envelopes, each with its message id, signed as one body
    /// under `webhook-id: batchID`, with `webhook-batch-size`. Same deadline as ``send(_:secrets:)``;
    /// the one result applies to every member.
    public func sendBatch(_ batchID: String, members: [ClaimedDelivery], secrets: [WebhookSecret]) async -> AttemptResult {
        precondition(!members.isEmpty, "a batch has at least one member")
        return await post(RequestContent(endpoint: members[0].endpoint, webhookID: batchID, version: nil, batchSize: members.count) {
            EventEnvelope.encodedBatch(members.map { (id: $0.message.id, envelope: Self.envelope(of: $0.message)) })
        }, secrets: secrets)
    }

    /// What one request carries besides its body, which is built once the target is known.
    struct RequestContent: Sendable {
        let endpoint: EndpointRecord
        let webhookID: String
        let version: String?
        let batchSize: Int?
        let body: @Sendable () -> [UInt8]
    }

    static func envelope(of message: MessageRecord) -> EventEnvelope {
        EventEnvelope(type: message.eventType, timestamp: Date(timeIntervalSince1970: Double(message.createdAt) / 1000),
                      version: message.version, data: message.payload)
    }

    /// One attempt, ended by its deadline: the name lookup (when the target is not cached) and
    /// the exchange itself (see ``DeliveryTransport``) share it.
    private func post(_ outgoing: RequestContent, secrets: [WebhookSecret]) async -> AttemptResult {
        let timeout = timeout(outgoing.endpoint)
        let startedAt = now()
        let began = ContinuousClock.now
        let deadline = NIODeadline.now() + TimeAmount(timeout)
        func elapsed() -> Int64 { (ContinuousClock.now - began).milliseconds }
        let target: GuardedTarget
        do {
            target = try await targets.target(for: outgoing.endpoint.url, guard: networkGuard, within: timeout)
        } catch {
            return AttemptResult(status: nil, errorKind: error.kind, errorMessage: error.message, startedAt: startedAt, durationMilliseconds: elapsed())
        }
        let body = outgoing.body()
        var headers = HTTPHeaders()
        // The API refuses custom headers that Herald sets itself, so plain appends cannot collide.
        headers.reserveCapacity(outgoing.endpoint.headers.count + 10)
        headers.add(name: "Host", value: target.hostHeader)
        headers.add(name: "Content-Type", value: "application/json")
        headers.add(name: "Content-Length", value: String(body.count))
        headers.add(name: "User-Agent", value: Self.userAgent)
        let signer = WebhookSigner(keys: secrets.map { SigningKey.symmetric($0) })
        for (name, value) in signer.headers(id: outgoing.webhookID, timestamp: startedAt / 1000, body: body) {
            headers.add(name: name, value: value)
        }
        if let batchSize = outgoing.batchSize { headers.add(name: WebhookHeaders.batchSize, value: String(batchSize)) }
        if let version = outgoing.version { headers.add(name: "X-Webhook-Version", value: version) }
        for (name, value) in outgoing.endpoint.headers { headers.add(name: name, value: value) }
        let head = HTTPRequestHead(version: .http1_1, method: .POST, uri: target.pathAndQuery, headers: headers)
        do {
            let response = try await transport.exchange(head, body: ByteBuffer(bytes: body), to: target.connect, deadline: deadline, limit: Self.keptBodyBytes)
            let status = Int(response.head.status.code)
            let headers = response.head.headers
            let redirect = (300...399).contains(status)
            return AttemptResult(status: status, retryAfter: headers.first(name: "Retry-After"), body: response.body,
                                 contentType: headers.first(name: "Content-Type"),
                                 errorKind: redirect ? .redirect : nil,
                                 errorMessage: redirect ? "redirects are not followed (Location: \(headers.first(name: "Location") ?? "none"))" : nil,
                                 startedAt: startedAt, durationMilliseconds: elapsed())
        } catch {
            let (kind, message) = DeliveryErrorClassifier.classify(error)
            let ended = kind == .timeout ? "the attempt did not end within \(timeout.milliseconds) ms" : message
            return AttemptResult(status: nil, errorKind: kind, errorMessage: ended, startedAt: startedAt, durationMilliseconds: elapsed())
        }
    }
}
