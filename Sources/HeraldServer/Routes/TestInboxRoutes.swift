import Foundation
import Herald
import HeraldAPI
import HeraldDelivery
import HeraldStore
import Hummingbird
import NIOCore

/// Test inboxes: `POST /api/v1/inboxes` makes one, `GET /api/v1/inboxes/{id}/requests` lists
/// what it received, and `POST /inboxes/{id}` (no token: senders do not have one; a query is
/// kept with the request) is the inbox itself, which records every request and checks its signature
/// with the inbox's secret. Bounded: each inbox keeps its newest requests
/// (``APIConfiguration/inboxRequestsKept``) and the first ``APIConfiguration/inboxBodyBytesKept``
/// of each body; it expires (24 h by default) and goes with what it received.
struct TestInboxRoutes {
    let dependencies: ServerDependencies

    /// The longest an inbox may live.
    static let maximumLifetimeSeconds = 7 * 24 * 3600

    func register(api: RouterGroup<HeraldContext>, public router: Router<HeraldContext>) {
        api.post("inboxes") { request, _ in try await create(request) }
        api.get("inboxes/:inbox/requests") { request, context in
            let inbox = try await liveInbox(try request.parameter("inbox", context))
            let page = try await dependencies.store.listInboxRequests(inboxID: inbox.id, try Pagination.pageRequest(request))
            return JSONResponse.make(ListResponse(data: page.items.map(Self.representation), nextCursor: Pagination.encode(page.nextAfter)))
        }
        router.post("inboxes/:inbox") { request, context in try await receive(request, context, id: try request.parameter("inbox", context)) }
    }

    private func create(_ request: Request) async throws -> Response {
        let fields = try await JSONRequestBody.read(request, limit: dependencies.configuration.maxPayloadBytes, allowEmpty: true).fields
        try fields.requireOnly(["expiresInSeconds"])
        let defaultLifetime = Int(dependencies.configuration.inboxLifetime.components.seconds)
        let lifetime = try fields.integer("expiresInSeconds", in: 60...Self.maximumLifetimeSeconds) ?? defaultLifetime
        let now = dependencies.now()
        let inbox = TestInboxRecord(id: dependencies.ids.next(.inbox).rawValue, secret: try WebhookSecret.generate().serialized,
                                    createdAt: now, expiresAt: now + Int64(lifetime) * 1000)
        try await dependencies.store.createTestInbox(inbox)
        let authority = request.head.authority ?? "127.0.0.1"
        let out = TestInboxOut(id: inbox.id, url: "http://\(authority)\(OwnInboxAddress.pathPrefix)\(inbox.id)", secret: inbox.secret,
                               createdAt: Representations.date(inbox.createdAt), expiresAt: Representations.date(inbox.expiresAt))
        return JSONResponse.make(out, status: .created)
    }

    /// Records the request, whatever it holds; answers 200 so that a sender counts it delivered.
    private func receive(_ request: Request, _ context: HeraldContext, id: String) async throws -> Response {
        let inbox = try await liveInbox(id)
        let configuration = dependencies.configuration
        var buffer = try await request.body.collect(upTo: configuration.maxPayloadBytes)
        let body = buffer.readBytes(length: buffer.readableBytes) ?? []
        var headers = [StoredHeader]()
        var lookup = [String: String]()
        for field in request.headers {
            headers.append(StoredHeader(name: field.name.rawName, value: field.value))
            let name = field.name.canonicalName
            lookup[name] = lookup[name].map { "\($0), \(field.value)" } ?? field.value
        }
        var failedCheck: String?
        let verifier = WebhookVerifier(keys: [.symmetric(try WebhookSecret(inbox.secret))])
        do throws(WebhookVerificationError) {
            try verifier.verify(body: body) { lookup[$0] }
        } catch {
            failedCheck = error.code.rawValue
        }
        var path = request.uri.path
        if let query = request.uri.query { path += "?" + query }
        let now = dependencies.now()
        try await dependencies.store.recordInboxRequest(
            InboxRequestRecord(id: dependencies.ids.next(.inboxRequest).rawValue, inboxID: inbox.id, receivedAt: now, path: path, headers: headers,
                               body: Array(body.prefix(configuration.inboxBodyBytesKept)), bodyBytes: body.count,
                               verified: failedCheck == nil, failedCheck: failedCheck),
            keep: configuration.inboxRequestsKept)
        return JSONResponse.make(bytes: Array(#"{"received":true}"#.utf8))
    }

    /// The inbox, or a 404 when there is none or it expired.
    private func liveInbox(_ id: String) async throws -> TestInboxRecord {
        guard let inbox = try await dependencies.store.testInbox(id: id), inbox.expiresAt > dependencies.now() else {
            throw APIError.notFound("no test inbox '\(id)' (inboxes expire; make a new one with POST /api/v1/inboxes)")
        }
        return inbox
    }

    static func representation(_ record: InboxRequestRecord) -> InboxRequestOut {
        let text = String(validating: record.body, as: UTF8.self)
        return InboxRequestOut(id: record.id, receivedAt: Representations.date(record.receivedAt), path: record.path,
                               headers: record.headers.map { InboxRequestOut.Header(name: $0.name, value: $0.value) },
                               body: text ?? Data(record.body).base64EncodedString(), bodyEncoding: text == nil ? "base64" : "utf8",
                               bodyBytes: record.bodyBytes, bodyTruncated: record.bodyBytes > record.body.count,
                               verified: record.verified, failedCheck: record.failedCheck)
    }
}
