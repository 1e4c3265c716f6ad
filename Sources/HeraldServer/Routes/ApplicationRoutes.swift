import Foundation
import Herald
import HeraldAPI
import HeraldStore
import Hummingbird

/// `/api/v1/apps` and `/api/v1/apps/{app}`.
struct ApplicationRoutes {
    let dependencies: ServerDependencies

    /// The fields of `ApplicationIn` and `ApplicationPatch`.
    private static let fields = ["name", "uid", "metadata"]

    func register(on api: RouterGroup<HeraldContext>) {
        api.post("apps") { request, _ in try await create(request) }
        api.get("apps") { request, _ in try await list(request) }
        api.get("apps/:app") { request, context in
            JSONResponse.make(Representations.application(try await find(request, context)))
        }
        api.patch("apps/:app") { request, context in try await update(request, context) }
        api.delete("apps/:app") { request, context in
            let app = try await find(request, context)
            _ = try await dependencies.store.deleteApplication(id: app.id)
            dependencies.applications.invalidate(app.id)
            return Response(status: .noContent)
        }
    }

    private func create(_ request: Request) async throws -> Response {
        let fields = try await JSONRequestBody.read(request, limit: dependencies.configuration.maxPayloadBytes).fields
        try fields.requireOnly(Self.fields)
        let now = dependencies.now()
        let record = ApplicationRecord(
            id: dependencies.ids.next(.application).rawValue,
            uid: try Self.uid(fields),
            name: try fields.string("name", required: true, length: 1...256) ?? "",
            metadata: try fields.stringMap("metadata") ?? [:],
            createdAt: now, updatedAt: now
        )
        try await dependencies.store.createApplication(record)
        return JSONResponse.make(Representations.application(record), status: .created)
    }

    private func list(_ request: Request) async throws -> Response {
        let page = try await dependencies.store.listApplications(try Pagination.pageRequest(request))
        return JSONResponse.make(ListResponse(data: page.items.map(Representations.application), nextCursor: Pagination.encode(page.nextAfter)))
    }

    private func update(_ request: Request, _ context: HeraldContext) async throws -> Response {
        var record = try await find(request, context)
        let fields = try await JSONRequestBody.read(request, limit: dependencies.configuration.maxPayloadBytes).fields
        try fields.requireOnly(Self.fields)
        if let name = try fields.string("name", length: 1...256) { record.name = name }
        if fields.has("uid") { record.uid = try Self.uid(fields) }
        if let metadata = try fields.stringMap("metadata") { record.metadata = metadata }
        record.updatedAt = dependencies.now()
        try await dependencies.store.updateApplication(record)
        dependencies.applications.invalidate(record.id)
        return JSONResponse.make(Representations.application(record))
    }

    private func find(_ request: Request, _ context: HeraldContext) async throws -> ApplicationRecord {
        let key = try request.parameter("app", context)
        guard let record = try await dependencies.store.application(idOrUID: key) else {
            throw APIError.notFound("no application with id or uid '\(key)'")
        }
        return record
    }

    /// The `uid` field; null (no uid) where given as null.
    private static func uid(_ fields: RequestFields) throws -> String? {
        guard let uid = try fields.string("uid", nullable: true, length: 1...256) else { return nil }
        guard APIPatterns.applicationUID.matches(uid) else {
            throw APIError.validation("uid may only contain letters, digits, '_', '.' and '-'")
        }
        guard !APIPatterns.applicationIDPrefix.matches(uid) else {
            throw APIError.validation("uid must not start with 'app_', which is how application ids start")
        }
        return uid
    }
}
