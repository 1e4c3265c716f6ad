import Herald
import HeraldStore
import Testing

private func check(_ name: String, _ body: @escaping @Sendable (StoreFactory) async throws -> Void) -> StoreConformanceCase {
    StoreConformanceCase(area: "endpoint secrets", name, body: body)
}

/// A store with an application and an endpoint created at the suite's epoch with `first`.
private func endpointWith(_ first: EndpointSecretRecord, _ makeStore: StoreFactory) async throws -> (any HeraldStore, EndpointRecord) {
    let store = try await makeStore()
    let app = try await store.addApplication(at: at(0))
    let endpoint = Make.endpoint(of: app.id, at: at(0))
    try await store.createEndpoint(endpoint, secret: first)
    return (store, endpoint)
}

/// `secret` as a rotation leaves it: signing until `expiresAt`.
private func rotatedOut(_ secret: EndpointSecretRecord, expiresAt: Int64) -> EndpointSecretRecord {
    EndpointSecretRecord(key: secret.key, expiresAt: expiresAt, createdAt: secret.createdAt)
}

extension StoreConformance {
    /// `endpointSecrets(endpointID:now:)` and `rotateEndpointSecret`.
    static let endpointSecretCases: [StoreConformanceCase] = [
        check("a new endpoint's first secret is its only one") { makeStore in
            let first = Make.secret(at: at(0))
            let (store, endpoint) = try await endpointWith(first, makeStore)
            #expect(try await store.endpointSecrets(endpointID: endpoint.id, now: at(1)) == [first])
        },
        check("an unknown endpoint has no secrets") { makeStore in
            let store = try await makeStore()
            #expect(try await store.endpointSecrets(endpointID: newID(.endpoint, at: at(0)), now: at(1)).isEmpty)
        },
        check("after a rotation the new secret comes first, and the old one signs until it expires") { makeStore in
            let first = Make.secret(at: at(0))
            let (store, endpoint) = try await endpointWith(first, makeStore)
            let second = Make.secret(at: at(10))
            try await store.rotateEndpointSecret(endpointID: endpoint.id, secret: second, previousExpiresAt: at(20))
            #expect(try await store.endpointSecrets(endpointID: endpoint.id, now: at(11)) == [second, rotatedOut(first, expiresAt: at(20))])
            #expect(try await store.endpointSecrets(endpointID: endpoint.id, now: at(21)) == [second])
        },
        check("a rotation moves the endpoint's updatedAt to the new secret's creation, never back") { makeStore in
            let (store, endpoint) = try await endpointWith(Make.secret(at: at(0)), makeStore)
            try await store.rotateEndpointSecret(endpointID: endpoint.id, secret: Make.secret(at: at(10)), previousExpiresAt: at(20))
            #expect(try await store.endpoint(appID: endpoint.appID, id: endpoint.id)?.updatedAt == at(10))
            var updated = endpoint
            updated.updatedAt = at(50)
            try await store.updateEndpoint(updated)
            try await store.rotateEndpointSecret(endpointID: endpoint.id, secret: Make.secret(at: at(40)), previousExpiresAt: at(60))
            #expect(try await store.endpoint(appID: endpoint.appID, id: endpoint.id)?.updatedAt == at(50))
        },
        check("rotated-out secrets that still sign follow the current one, newest first") { makeStore in
            let first = Make.secret(at: at(0))
            let (store, endpoint) = try await endpointWith(first, makeStore)
            let second = Make.secret(at: at(10))
            let third = Make.secret(at: at(20))
            try await store.rotateEndpointSecret(endpointID: endpoint.id, secret: second, previousExpiresAt: at(300))
            try await store.rotateEndpointSecret(endpointID: endpoint.id, secret: third, previousExpiresAt: at(200))
            #expect(try await store.endpointSecrets(endpointID: endpoint.id, now: at(30))
                    == [third, rotatedOut(second, expiresAt: at(200)), rotatedOut(first, expiresAt: at(300))])
        },
        check("a rotation forgets the secrets that expired by the new secret's creation") { makeStore in
            let first = Make.secret(at: at(0))
            let (store, endpoint) = try await endpointWith(first, makeStore)
            let second = Make.secret(at: at(10))
            let third = Make.secret(at: at(30))
            try await store.rotateEndpointSecret(endpointID: endpoint.id, secret: second, previousExpiresAt: at(20))
            try await store.rotateEndpointSecret(endpointID: endpoint.id, secret: third, previousExpiresAt: at(40))
            // At 15 s the first secret was still valid: only having been forgotten keeps it out.
            #expect(try await store.endpointSecrets(endpointID: endpoint.id, now: at(15)) == [third, rotatedOut(second, expiresAt: at(40))])
        },
        check("secrets belong to their endpoint") { makeStore in
            let first = Make.secret(at: at(0))
            let (store, endpoint) = try await endpointWith(first, makeStore)
            let otherSecret = Make.secret(at: at(1))
            let other = Make.endpoint(of: endpoint.appID, at: at(1))
            try await store.createEndpoint(other, secret: otherSecret)
            try await store.rotateEndpointSecret(endpointID: other.id, secret: Make.secret(at: at(2)), previousExpiresAt: at(3))
            #expect(try await store.endpointSecrets(endpointID: endpoint.id, now: at(5)) == [first])
        },
    ]
}
