import Foundation
@testable import HeraldServer
import HeraldSQLite
import HeraldTestSupport
import HTTPTypes
import Hummingbird
import Testing

/// The served OpenAPI document against the router and the server's own checks. On SQLite only:
/// neither depends on the store.
@Suite("OpenAPI document")
struct OpenAPIDocumentTests {
    @Test("the document describes exactly the routes the router serves, and is served")
    func documentMatchesRouter() async throws {
        let directory = TemporaryDirectory.make()
        let store = try SQLiteStore(path: SQLiteStore.databasePath(inDataDirectory: directory.path))
        let router = APIRouter.build(store: store, configuration: APIConfiguration(), tokenHash: [])
        // The web pages (dashboard, portal, their assets) are HTML for browsers, not API operations.
        let apiPrefixes = ["/api/", "/health", "/metrics", "/openapi.json", "/inboxes/"]
        let served = Set(router.routes.map { "\($0.method.rawValue) \($0.path.description)" }
            .filter { route in apiPrefixes.contains { route.split(separator: " ")[1].hasPrefix($0) } })

        try await InProcessServer.run { fixture in
            let answer = try await APIClient(baseURL: fixture.baseURL, token: nil).get("/openapi.json")
            #expect(answer.status == 200)
            let document = answer.json
            #expect((document["openapi"] as? String)?.hasPrefix("3.1") == true)
            let paths = try #require(document["paths"] as? [String: [String: Any]])
            let methods: Set<String> = ["get", "post", "put", "patch", "delete"]
            var documented = Set<String>()
            for (path, operations) in paths {
                for method in operations.keys where methods.contains(method) {
                    documented.insert("\(method.uppercased()) \(path)")
                }
            }
            #expect(documented.subtracting(served).isEmpty, "documented but not served: \(documented.subtracting(served).sorted())")
            #expect(served.subtracting(documented).isEmpty, "served but not documented: \(served.subtracting(documented).sorted())")
        }
    }

    @Test("every documented operation names its responses and error shape")
    func operationsDocumentErrors() async throws {
        try await InProcessServer.run { fixture in
            let document = try await APIClient(baseURL: fixture.baseURL, token: nil).get("/openapi.json").json
            let paths = try #require(document["paths"] as? [String: [String: Any]])
            for (path, operations) in paths where path.hasPrefix("/api/") {
                for (method, value) in operations {
                    guard let operation = value as? [String: Any], let responses = operation["responses"] as? [String: Any] else { continue }
                    #expect(operation["operationId"] is String, "\(method) \(path)")
                    #expect(responses["401"] != nil, "\(method) \(path) does not document 401")
                    #expect(responses["503"] != nil, "\(method) \(path) does not document 503 store_unavailable")
                    if operation["requestBody"] != nil {
                        for status in ["400", "413", "415", "422"] {
                            #expect(responses[status] != nil, "\(method) \(path) reads a body but does not document \(status)")
                        }
                    }
                }
            }
            let components = document["components"] as? [String: Any]
            #expect((components?["schemas"] as? [String: Any])?["Error"] != nil)
            let methodNotAllowed = (components?["responses"] as? [String: Any])?["MethodNotAllowed"] as? [String: Any]
            #expect((methodNotAllowed?["headers"] as? [String: Any])?["Allow"] != nil, "the 405 answer documents Allow")
        }
    }

    @Test("every pattern of the document is the one the server checks")
    func patternsAreTheServers() async throws {
        try await InProcessServer.run { fixture in
            let document = try await APIClient(baseURL: fixture.baseURL, token: nil).get("/openapi.json").json
            let expected: [(String, APIPattern)] = [
                ("/components/schemas/EventTypeName/pattern", APIPatterns.eventTypeName),
                ("/components/schemas/AppUid/pattern", APIPatterns.applicationUID),
                ("/components/schemas/AppUid/not/pattern", APIPatterns.applicationIDPrefix),
                ("/components/parameters/idempotencyKey/schema/pattern", APIPatterns.idempotencyKey),
                ("/components/parameters/cursor/schema/pattern", APIPatterns.cursor),
                ("/components/schemas/WebhookSecret/pattern", APIPatterns.webhookSecret),
                ("/components/schemas/RetrySchedule/items/pattern", APIPatterns.retryDelay),
                ("/components/schemas/EndpointOut/properties/retrySchedule/items/pattern", APIPatterns.retryDelay),
                ("/components/schemas/EndpointUrl/pattern", APIPatterns.endpointURL),
                ("/components/schemas/PortalLinkIn/properties/expiresIn/pattern", APIPatterns.portalLinkLifetime),
                ("/components/schemas/EndpointHeadersIn/propertyNames/pattern", APIPatterns.headerName),
                ("/components/schemas/EndpointHeadersIn/propertyNames/not/pattern", APIPatterns.reservedHeaderName),
                ("/components/schemas/EndpointHeadersIn/additionalProperties/pattern", APIPatterns.headerValue),
            ]
            for (pointer, pattern) in expected {
                let value = pointer.split(separator: "/").reduce(document as Any?) { node, key in (node as? [String: Any])?[String(key)] }
                #expect(value as? String == pattern.source, "\(pointer)")
            }
        }
    }

    @Test("the endpoint options' ranges in the document are the server's, and every output property has a schema")
    func endpointOptionRanges() async throws {
        try await InProcessServer.run { fixture in
            let document = try await APIClient(baseURL: fixture.baseURL, token: nil).get("/openapi.json").json
            func node(_ pointer: String) -> Any? {
                pointer.split(separator: "/").reduce(document as Any?) { node, key in (node as? [String: Any])?[String(key)] }
            }
            #expect(node("/components/schemas/EndpointBatch/properties/maxEvents/minimum") as? Int == 1)
            #expect(node("/components/schemas/EndpointBatch/properties/maxEvents/maximum") as? Int == 1000)
            #expect(node("/components/schemas/EndpointBatch/properties/maxWaitMs/minimum") as? Int == 0)
            #expect(node("/components/schemas/EndpointBatch/properties/maxWaitMs/maximum") as? Int == 10_000)
            #expect(node("/components/schemas/EndpointTimeout/minimum") as? Int == EndpointRoutes.timeoutRange.lowerBound)
            #expect(node("/components/schemas/EndpointTimeout/maximum") as? Int == EndpointRoutes.timeoutRange.upperBound)
            #expect(node("/components/schemas/EndpointOut/properties/timeoutMs/maximum") as? Int == EndpointRoutes.timeoutRange.upperBound)
            let schemas = try #require(node("/components/schemas") as? [String: Any])
            for (name, schema) in schemas {
                let properties = (schema as? [String: Any])?["properties"] as? [String: Any] ?? [:]
                for (property, value) in properties {
                    #expect(!(value is NSNull), "\(name).\(property) has no schema")
                }
            }
        }
    }
}
