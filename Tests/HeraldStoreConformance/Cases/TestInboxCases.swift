import Herald
import HeraldStore
import Testing

private func check(_ name: String, _ body: @escaping @Sendable (StoreFactory) async throws -> Void) -> StoreConformanceCase {
    StoreConformanceCase(area: "test inboxes", name, body: body)
}

/// A request to `inbox` received at `time`, with a body of `size` bytes.
private func request(to inbox: String, at time: Int64, verified: Bool = true, size: Int = 12) -> InboxRequestRecord {
    InboxRequestRecord(id: newID(.inboxRequest, at: time), inboxID: inbox, receivedAt: time, path: "/hooks?x=1",
                       headers: [StoredHeader(name: "webhook-id", value: "msg_1"), StoredHeader(name: "X-Trace", value: "a"),
                                 StoredHeader(name: "x-trace", value: "b")],
                       body: Array(repeating: UInt8(ascii: "x"), count: size), bodyBytes: size + 5, verified: verified,
                       failedCheck: verified ? nil : "noMatchingSignature")
}

extension StoreConformance {
    /// `createTestInbox`, `recordInboxRequest`, `listInboxRequests`, `deleteExpiredTestInboxes`.
    static let testInboxCases: [StoreConformanceCase] = [
        check("an inbox reads back as stored; an unknown one is nil") { makeStore in
            let store = try await makeStore()
            let inbox = TestInboxRecord(id: newID(.inbox, at: at(1)), secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", createdAt: at(1), expiresAt: at(100))
            try await store.createTestInbox(inbox)
            #expect(try await store.testInbox(id: inbox.id) == inbox)
            #expect(try await store.testInbox(id: newID(.inbox, at: at(2))) == nil)
        },
        check("requests read back whole, newest first, a page at a time") { makeStore in
            let store = try await makeStore()
            let inbox = TestInboxRecord(id: newID(.inbox, at: at(1)), secret: "whsec_x", createdAt: at(1), expiresAt: at(100))
            try await store.createTestInbox(inbox)
            let sent = [request(to: inbox.id, at: at(2)), request(to: inbox.id, at: at(3), verified: false), request(to: inbox.id, at: at(4))]
            for item in sent { try await store.recordInboxRequest(item, keep: 100) }
            let first = try await store.listInboxRequests(inboxID: inbox.id, PageRequest(limit: 2, after: nil))
            #expect(first.items == [sent[2], sent[1]])
            let rest = try await store.listInboxRequests(inboxID: inbox.id, PageRequest(limit: 2, after: first.nextAfter))
            #expect(rest.items == [sent[0]])
            #expect(rest.nextAfter == nil)
        },
        check("an inbox keeps only its newest requests; other inboxes keep theirs") { makeStore in
            let store = try await makeStore()
            let full = TestInboxRecord(id: newID(.inbox, at: at(1)), secret: "whsec_x", createdAt: at(1), expiresAt: at(100))
            let other = TestInboxRecord(id: newID(.inbox, at: at(2)), secret: "whsec_y", createdAt: at(2), expiresAt: at(100))
            try await store.createTestInbox(full)
            try await store.createTestInbox(other)
            try await store.recordInboxRequest(request(to: other.id, at: at(3)), keep: 3)
            var sent = [InboxRequestRecord]()
            for second in 4...9 {
                let item = request(to: full.id, at: at(Int64(second)))
                sent.append(item)
                try await store.recordInboxRequest(item, keep: 3)
            }
            #expect(try await store.listInboxRequests(inboxID: full.id, PageRequest(limit: 10, after: nil)).items == sent.suffix(3).reversed())
            #expect(try await store.listInboxRequests(inboxID: other.id, PageRequest(limit: 10, after: nil)).items.count == 1)
        },
        check("a request to an unknown inbox is notFound") { makeStore in
            let store = try await makeStore()
            await expectStoreError(.notFound) { try await store.recordInboxRequest(request(to: newID(.inbox, at: at(1)), at: at(2)), keep: 10) }
        },
        check("expired inboxes go with their requests; the others stay") { makeStore in
            let store = try await makeStore()
            let old = TestInboxRecord(id: newID(.inbox, at: at(1)), secret: "whsec_x", createdAt: at(1), expiresAt: at(10))
            let live = TestInboxRecord(id: newID(.inbox, at: at(2)), secret: "whsec_y", createdAt: at(2), expiresAt: at(30))
            try await store.createTestInbox(old)
            try await store.createTestInbox(live)
            try await store.recordInboxRequest(request(to: old.id, at: at(3)), keep: 10)
            #expect(try await store.deleteExpiredTestInboxes(before: at(20)) == 1)
            #expect(try await store.testInbox(id: old.id) == nil)
            #expect(try await store.listInboxRequests(inboxID: old.id, PageRequest(limit: 10, after: nil)).items.isEmpty)
            #expect(try await store.testInbox(id: live.id) == live)
        },
    ]
}
