import Herald
import HeraldStore
import Testing

private func check(_ name: String, _ body: @escaping @Sendable (StoreFactory) async throws -> Void) -> StoreConformanceCase {
    StoreConformanceCase(area: "portal links", name, body: body)
}

/// A link of `appID` made at `time`, expiring `lifetime` seconds later.
private func link(of appID: String, at time: Int64, lifetime: Int64 = 3600) -> PortalLinkRecord {
    PortalLinkRecord(id: newID(.portalLink, at: time), appID: appID, createdAt: time, expiresAt: time + lifetime * 1000)
}

extension StoreConformance {
    /// `createPortalLink`, `portalLink(id:)`, `listPortalLinks`, `revokePortalLink`, `deleteExpiredPortalLinks`.
    static let portalLinkCases: [StoreConformanceCase] = [
        check("a link reads back as stored; an unknown one is nil; one of an unknown application is notFound") { makeStore in
            let store = try await makeStore()
            let app = Make.application(at: at(0))
            try await store.createApplication(app)
            let made = link(of: app.id, at: at(1))
            try await store.createPortalLink(made)
            #expect(try await store.portalLink(id: made.id) == made)
            #expect(try await store.portalLink(id: newID(.portalLink, at: at(2))) == nil)
            await expectStoreError(.notFound) { try await store.createPortalLink(link(of: newID(.application, at: at(3)), at: at(3))) }
        },
        check("an application's links list newest first, a page at a time, without another application's") { makeStore in
            let store = try await makeStore()
            let app = Make.application(at: at(0)), other = Make.application(at: at(0) + 1)
            try await store.createApplication(app)
            try await store.createApplication(other)
            let links = [link(of: app.id, at: at(1)), link(of: app.id, at: at(2)), link(of: app.id, at: at(3))]
            for item in links { try await store.createPortalLink(item) }
            try await store.createPortalLink(link(of: other.id, at: at(4)))
            let first = try await store.listPortalLinks(appID: app.id, PageRequest(limit: 2, after: nil))
            #expect(first.items == [links[2], links[1]])
            let rest = try await store.listPortalLinks(appID: app.id, PageRequest(limit: 2, after: first.nextAfter))
            #expect(rest.items == [links[0]])
            #expect(rest.nextAfter == nil)
        },
        check("revoking keeps the first time, only through the link's own application") { makeStore in
            let store = try await makeStore()
            let app = Make.application(at: at(0)), other = Make.application(at: at(0) + 1)
            try await store.createApplication(app)
            try await store.createApplication(other)
            let made = link(of: app.id, at: at(1))
            try await store.createPortalLink(made)
            #expect(try await store.revokePortalLink(appID: other.id, id: made.id, at: at(2)) == false)
            #expect(try await store.portalLink(id: made.id)?.revokedAt == nil)
            #expect(try await store.revokePortalLink(appID: app.id, id: made.id, at: at(3)))
            #expect(try await store.revokePortalLink(appID: app.id, id: made.id, at: at(4)))
            let revoked = try #require(try await store.portalLink(id: made.id))
            #expect(revoked.revokedAt == at(3))
            #expect(!revoked.isUsable(now: at(3)))
            #expect(try await store.revokePortalLink(appID: app.id, id: newID(.portalLink, at: at(5)), at: at(5)) == false)
        },
        check("expired links go, the others stay; deleting the application takes its links") { makeStore in
            let store = try await makeStore()
            let app = Make.application(at: at(0))
            try await store.createApplication(app)
            let short = link(of: app.id, at: at(1), lifetime: 10), long = link(of: app.id, at: at(2), lifetime: 1000)
            try await store.createPortalLink(short)
            try await store.createPortalLink(long)
            #expect(short.isUsable(now: at(5)) && !short.isUsable(now: at(11)))
            #expect(try await store.deleteExpiredPortalLinks(before: at(20)) == 1)
            #expect(try await store.portalLink(id: short.id) == nil)
            #expect(try await store.portalLink(id: long.id) == long)
            #expect(try await store.deleteApplication(id: app.id))
            #expect(try await store.portalLink(id: long.id) == nil)
        },
    ]
}
