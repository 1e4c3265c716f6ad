import Foundation
import HeraldAPI
import HeraldJSON
import HeraldStore
import Hummingbird

/// `/api/v1/event-types` and `/api/v1/event-types/{name}`: the event catalog.
struct EventTypeRoutes {
    let dependencies: ServerDependencies

    func register(on api: RouterGroup<HeraldContext>) {
        api.post("event-types") { request, _ in try await create(request) }
        api.get("event-types") { request, _ in
            let page = try await dependencies.store.listEventTypes(try Pagination.pageRequest(request))
            return JSONResponse.make(bytes: Representations.eventTypeListJSON(page))
        }
        api.get("event-types/:name") { request, context in
            JSONResponse.make(bytes: Representations.eventTypeJSON(try await find(request, context)))
        }
        api.patch("event-types/:name") { request, context in try await update(request, context) }
        api.delete("event-types/:name") { request, context in
            let name = try request.parameter("name", context)
            guard try await dependencies.store.deleteEventType(name: name) else {
                throw APIError.notFound("no event type named '\(name)'")
            }
            dependencies.catalog.remove(name)
            return Response(status: .noContent)
        }
    }

    /// `resource.action` names: dot-separated words of letters, digits and `_`, at most 256.
    static func isValidName(_ name: String) -> Bool {
        name.utf8.count <= 256 && APIPatterns.eventTypeName.matches(name)
    }

    private func create(_ request: Request) async throws -> Response {
        let fields = try await JSONRequestBody.read(request, limit: dependencies.configuration.maxPayloadBytes).fields
        try fields.requireOnly(["name", "description", "schema", "deprecated", "version"])
        let name = try fields.string("name", required: true, length: 1...256) ?? ""
        guard Self.isValidName(name) else {
            throw APIError.validation("name must match \(APIPatterns.eventTypeName.source), e.g. 'order.created'; got '\(name)'")
        }
        let now = dependencies.now()
        let record = EventTypeRecord(
            name: name,
            description: try fields.string("description", length: 0...4096) ?? "",
            schema: try Self.schema(fields),
            deprecated: try fields.bool("deprecated") ?? false,
            version: try fields.string("version", nullable: true, length: 1...64),
            createdAt: now, updatedAt: now
        )
        try await dependencies.store.createEventType(record)
        dependencies.catalog.put(record)
        return JSONResponse.make(bytes: Representations.eventTypeJSON(record), status: .created)
    }

    private func update(_ request: Request, _ context: HeraldContext) async throws -> Response {
        var record = try await find(request, context)
        let fields = try await JSONRequestBody.read(request, limit: dependencies.configuration.maxPayloadBytes).fields
        try fields.requireOnly(["description", "schema", "deprecated", "version"])
        if let description = try fields.string("description", length: 0...4096) { record.description = description }
        if fields.has("schema") { record.schema = try Self.schema(fields) }
        if let deprecated = try fields.bool("deprecated") { record.deprecated = deprecated }
        if fields.has("version") { record.version = try fields.string("version", nullable: true, length: 1...64) }
        record.updatedAt = dependencies.now()
        try await dependencies.store.updateEventType(record)
        dependencies.catalog.put(record)
        return JSONResponse.make(bytes: Representations.eventTypeJSON(record))
    }

    private func find(_ request: Request, _ context: HeraldContext) async throws -> EventTypeRecord {
        let name = try request.parameter("name", context)
        guard let record = try await dependencies.store.eventType(name: name) else {
            throw APIError.notFound("no event type named '\(name)'")
        }
        return record
    }

    /// The schema as JSON text after checking that it is a schema Herald can apply; null clears it.
    private static func schema(_ fields: RequestFields) throws -> String? {
        guard let value = fields.value("schema"), !value.isNull else { return nil }
        do {
            _ = try JSONSchema(value)
        } catch {
            throw APIError.validation("schema is not a usable JSON Schema at '\(error.pointer)': \(error.message)")
        }
        return value.serialized()
    }
}
