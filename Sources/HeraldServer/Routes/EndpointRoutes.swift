import Foundation
import Herald
import HeraldAPI
import HeraldDelivery
import HeraldStore
import Hummingbird

/// `/api/v1/apps/{app}/endpoints…`: endpoints and their signing secrets.
struct EndpointRoutes {
    let dependencies: ServerDependencies

    static let maximumGracePeriodSeconds = 7 * 24 * 60 * 60
    /// The fields of `EndpointPatch`; `EndpointIn` also takes `secret`.
    private static let patchFields = ["url", "description", "eventTypes", "disabled", "rateLimit", "headers", "retrySchedule", "batch", "timeoutMs"]
    /// The fields of `EndpointBatch`.
    private static let batchFields = ["maxEvents", "maxWaitMs"]
    /// What `timeoutMs` may be: 1 s to 1 min.
    static let timeoutRange = 1000...60_000

    func register(on api: RouterGroup<HeraldContext>) {
        api.post("apps/:app/endpoints") { request, context in try await create(request, context) }
        api.get("apps/:app/endpoints") { request, context in
            let app = try await dependencies.application(try request.parameter("app", context))
            let page = try await dependencies.store.listEndpoints(appID: app.id, try Pagination.pageRequest(request))
            return JSONResponse.make(ListResponse(data: page.items.map(Representations.endpoint), nextCursor: Pagination.encode(page.nextAfter)))
        }
        api.get("apps/:app/endpoints/:ep") { request, context in
            JSONResponse.make(Representations.endpoint(try await find(request, context)))
        }
        api.patch("apps/:app/endpoints/:ep") { request, context in try await update(request, context) }
        api.delete("apps/:app/endpoints/:ep") { request, context in
            let endpoint = try await find(request, context)
            _ = try await dependencies.store.deleteEndpoint(appID: endpoint.appID, id: endpoint.id)
            dependencies.endpointChanged(endpoint.id)
            return Response(status: .noContent)
        }
        api.get("apps/:app/endpoints/:ep/secret") { request, context in
            let endpoint = try await find(request, context)
            return JSONResponse.make(Representations.secrets(try await dependencies.store.endpointSecrets(endpointID: endpoint.id, now: dependencies.now())))
        }
        api.post("apps/:app/endpoints/:ep/secret/rotate") { request, context in try await rotate(request, context) }
    }

    private func create(_ request: Request, _ context: HeraldContext) async throws -> Response {
        let app = try await dependencies.application(try request.parameter("app", context))
        let fields = try await JSONRequestBody.read(request, limit: dependencies.configuration.maxPayloadBytes).fields
        try fields.requireOnly(Self.patchFields + ["secret"])
        let now = dependencies.now()
        let secret = try Self.secret(fields, field: "secret") ?? (try WebhookSecret.generate()).serialized
        let record = EndpointRecord(
            id: dependencies.ids.next(.endpoint).rawValue,
            appID: app.id,
            url: try url(fields.string("url", required: true, length: 1...65536) ?? ""),
            description: try fields.string("description", length: 0...4096) ?? "",
            eventTypes: try await eventTypes(fields) ?? [],
            disabled: try fields.bool("disabled") ?? false,
            rateLimit: try fields.integer("rateLimit", in: 1...100_000, nullable: true),
            headers: try Self.headers(fields) ?? [:],
            retryScheduleSeconds: try Self.retrySchedule(fields),
            batch: try Self.batching(fields),
            timeoutMilliseconds: try Self.timeout(fields),
            createdAt: now, updatedAt: now
        )
        try await dependencies.store.createEndpoint(record, secret: EndpointSecretRecord(key: secret, expiresAt: nil, createdAt: now))
        return JSONResponse.make(Representations.endpoint(record), status: .created)
    }

    private func update(_ request: Request, _ context: HeraldContext) async throws -> Response {
        var record = try await find(request, context)
        let fields = try await JSONRequestBody.read(request, limit: dependencies.configuration.maxPayloadBytes).fields
        try fields.requireOnly(Self.patchFields)
        if let url = try fields.string("url", length: 1...65536) { record.url = try self.url(url) }
        if let description = try fields.string("description", length: 0...4096) { record.description = description }
        if let eventTypes = try await eventTypes(fields) { record.eventTypes = eventTypes }
        if let disabled = try fields.bool("disabled") { record.disabled = disabled }
        if fields.has("rateLimit") { record.rateLimit = try fields.integer("rateLimit", in: 1...100_000, nullable: true) }
        if let headers = try Self.headers(fields) { record.headers = headers }
        if fields.has("retrySchedule") { record.retryScheduleSeconds = try Self.retrySchedule(fields) }
        if fields.has("batch") { record.batch = try Self.batching(fields) }
        if fields.has("timeoutMs") { record.timeoutMilliseconds = try Self.timeout(fields) }
        record.updatedAt = dependencies.now()
        try await dependencies.store.updateEndpoint(record)
        dependencies.endpointChanged(record.id)
        return JSONResponse.make(Representations.endpoint(record))
    }

    private func rotate(_ request: Request, _ context: HeraldContext) async throws -> Response {
        let endpoint = try await find(request, context)
        let fields = try await JSONRequestBody.read(request, limit: dependencies.configuration.maxPayloadBytes, allowEmpty: true).fields
        try fields.requireOnly(["key", "gracePeriodSeconds"])
        let key = try Self.secret(fields, field: "key") ?? (try WebhookSecret.generate()).serialized
        let grace = try fields.integer("gracePeriodSeconds", in: 0...Self.maximumGracePeriodSeconds) ?? dependencies.configuration.defaultSecretGracePeriodSeconds
        let now = dependencies.now()
        try await dependencies.store.rotateEndpointSecret(endpointID: endpoint.id, secret: EndpointSecretRecord(key: key, expiresAt: nil, createdAt: now),
                                                          previousExpiresAt: now + Int64(grace) * 1000)
        dependencies.endpointChanged(endpoint.id)
        return JSONResponse.make(Representations.secrets(try await dependencies.store.endpointSecrets(endpointID: endpoint.id, now: now)))
    }

    private func find(_ request: Request, _ context: HeraldContext) async throws -> EndpointRecord {
        let app = try await dependencies.application(try request.parameter("app", context))
        let id = try request.parameter("ep", context)
        guard let record = try await dependencies.store.endpoint(appID: app.id, id: id) else {
            throw APIError.notFound("application \(app.id) has no endpoint '\(id)'")
        }
        return record
    }

    /// An absolute http(s) URL with a host; https only when the server requires it.
    private func url(_ text: String) throws -> String {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(), let host = components.host, !host.isEmpty else {
            throw APIError.validation("url must be an absolute http or https URL with a host, e.g. https://example.com/webhooks")
        }
        guard scheme == "https" || scheme == "http" else {
            throw APIError.validation("url must use http or https, not \(scheme)")
        }
        // This server's own test inbox: reachable over loopback whatever the guard says.
        let ownInbox = scheme == "http"
            && dependencies.configuration.networkGuard.ownInbox?.address(host: host, port: components.port ?? 80, path: components.path) != nil
        if dependencies.configuration.requireHTTPS && scheme != "https" && !ownInbox {
            throw APIError.validation("url must use https: this server runs with --require-https")
        }
        guard components.user == nil, components.password == nil else {
            throw APIError.validation("url must not carry a user name or password; use headers for credentials")
        }
        guard APIPatterns.endpointURL.matches(text) else {
            throw APIError.validation("url must be an http or https URL with a DNS name, an IPv4 address or a bracketed IPv6 address, "
                + "an optional port from 1 to 65535, and a path and query of URL characters (percent-encode any other) without a fragment")
        }
        if !ownInbox, let refusal = dependencies.configuration.networkGuard.checkLiteralHost(host) {
            throw APIError.validation("url: \(refusal.message)")
        }
        return text
    }

    /// The filter; each name must be in the catalog.
    private func eventTypes(_ fields: RequestFields) async throws -> [String]? {
        guard let names = try fields.strings("eventTypes", maximumCount: 256) else { return nil }
        for name in names where try await dependencies.catalog.entry(name) == nil {
            throw APIError.validation("eventTypes: '\(name)' is not an event type; create it first with POST /api/v1/event-types")
        }
        return names
    }

    private static func secret(_ fields: RequestFields, field: String) throws -> String? {
        guard let text = try fields.string(field, length: 1...256) else { return nil }
        guard APIPatterns.webhookSecret.matches(text) else {
            throw APIError.validation("\(field) must be 'whsec_' followed by the padded standard Base64 of 24 to 64 random bytes")
        }
        do {
            return try WebhookSecret(text).serialized
        } catch {
            throw APIError.validation("\(field): \(error.message)")
        }
    }

    /// `["5s", "5m", "1h"]`: this endpoint's delays between attempts; null means the server's.
    private static func retrySchedule(_ fields: RequestFields) throws -> [Int]? {
        guard let entries = try fields.strings("retrySchedule", maximumCount: 50, nullable: true) else { return nil }
        guard !entries.isEmpty else { throw APIError.validation("retrySchedule needs at least one delay, e.g. [\"5s\",\"5m\"]; null uses the server's") }
        return try entries.map { entry in
            guard APIPatterns.retryDelay.matches(entry), let seconds = RetrySchedule.seconds(entry), (0...7 * 86400).contains(seconds) else {
                throw APIError.validation("retrySchedule: '\(entry)' is not a delay such as 5s, 5m, 2h or 1d (at most 7d)")
            }
            return seconds
        }
    }

    /// `{"maxEvents": 100, "maxWaitMs": 500}`: several events per request; null means one per request.
    private static func batching(_ fields: RequestFields) throws -> EndpointBatching? {
        guard let batch = try fields.object("batch", nullable: true) else { return nil }
        try batch.requireOnly(batchFields)
        let missing = "batch needs both maxEvents (1 to 1000) and maxWaitMs (0 to 10000), e.g. {\"maxEvents\":100,\"maxWaitMs\":500}; "
            + "null sends one event per request"
        guard batch.has("maxEvents"), batch.has("maxWaitMs") else { throw APIError.validation(missing) }
        guard let maxEvents = try batch.integer("maxEvents", in: 1...1000, required: true),
              let maxWait = try batch.integer("maxWaitMs", in: 0...10_000, required: true) else { throw APIError.validation(missing) }
        return EndpointBatching(maxEvents: maxEvents, maxWaitMilliseconds: maxWait)
    }

    /// Milliseconds one attempt may take in all; null means the server's `--request-timeout`.
    private static func timeout(_ fields: RequestFields) throws -> Int? {
        do {
            return try fields.integer("timeoutMs", in: timeoutRange, nullable: true)
        } catch {
            throw APIError.validation("timeoutMs must be a whole number of milliseconds from \(timeoutRange.lowerBound) to \(timeoutRange.upperBound), "
                + "or null for the server's --request-timeout")
        }
    }

    private static func headers(_ fields: RequestFields) throws -> [String: String]? {
        guard let headers = try fields.stringMap("headers", maximumCount: 50) else { return nil }
        for (name, value) in headers {
            guard APIPatterns.headerName.matches(name) else {
                throw APIError.validation("headers: '\(name)' is not a valid header name (letters, digits and !#$%&'*+-.^_`|~)")
            }
            guard !APIPatterns.reservedHeaderName.matches(name) else {
                throw APIError.validation("headers: '\(name)' is set by Herald and cannot be overridden")
            }
            guard APIPatterns.headerValue.matches(value), value.utf8.count <= 4096 else {
                throw APIError.validation("headers: the value of '\(name)' must be one line of at most 4096 printable ASCII characters, spaces and tabs")
            }
        }
        return headers
    }
}
