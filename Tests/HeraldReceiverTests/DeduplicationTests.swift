import Foundation
import Herald
import HeraldReceiver
import HTTPTypes
import HummingbirdTesting
import Testing

/// Each event runs once: a repeated `webhook-id`, or a batch member seen before, is answered
/// 2xx and not run again.
@Suite("Receiver: duplicates")
struct DeduplicationTests {
    let secret = TestKeys.secret()

    @Test("the same webhook-id again answers 200 as a duplicate and the handler runs once")
    func duplicate() async throws {
        let handled = HandledEvents()
        var router = WebhookEventRouter()
        router.otherwise { handled.add($0) }
        try await ReceiverServer.run(ReceiverConfiguration(keys: [.symmetric(secret)]), router: router) { receiver, client throws in
            let first = SignedWebhook.event(id: "msg_once", keys: [.symmetric(secret)])
            #expect(try await client.post(first).text == #"{"received":1,"duplicates":0}"#)
            // A retry is signed afresh at a new time: same id, new timestamp and signature.
            let retry = SignedWebhook.event(id: "msg_once", keys: [.symmetric(secret)], timestamp: first.timestamp + 5)
            let again = try await client.post(retry)
            #expect(again.status.code == 200)
            #expect(again.text == #"{"received":0,"duplicates":1}"#)
            #expect(try await HandledEvents.eventually { try await receiver.event(id: "msg_once")?.status == .handled })
            try await Task.sleep(for: .milliseconds(200))
            #expect(handled.ids == ["msg_once"])
        }
    }

    @Test("concurrent copies of one webhook: exactly one is recorded, the rest are duplicates")
    func concurrentCopies() async throws {
        let handled = HandledEvents()
        var router = WebhookEventRouter()
        router.otherwise { handled.add($0) }
        try await ReceiverServer.run(ReceiverConfiguration(keys: [.symmetric(secret)]), router: router) { receiver, client throws in
            let webhook = SignedWebhook.event(id: "msg_race", keys: [.symmetric(secret)])
            let bodies = try await withThrowingTaskGroup(of: String.self) { group in
                for _ in 0..<20 { group.addTask { try await client.post(webhook).text } }
                return try await group.reduce(into: [String]()) { $0.append($1) }
            }
            #expect(bodies.filter { $0 == #"{"received":1,"duplicates":0}"# }.count == 1)
            #expect(bodies.filter { $0 == #"{"received":0,"duplicates":1}"# }.count == 19)
            #expect(try await HandledEvents.eventually { try await receiver.event(id: "msg_race")?.status == .handled })
            #expect(handled.ids == ["msg_race"])
        }
    }

    @Test("a batch is verified once and de-duplicated member by member")
    func batch() async throws {
        let handled = HandledEvents()
        var router = WebhookEventRouter()
        router.on("order.created") { handled.add($0) }
        try await ReceiverServer.run(ReceiverConfiguration(keys: [.symmetric(secret)]), router: router) { _, client throws in
            #expect(try await client.post(SignedWebhook.event(id: "msg_a", keys: [.symmetric(secret)])).status.code == 200)
            let batch = SignedWebhook.batch(id: "bat_1", members: [("msg_a", "order.created", "{}"), ("msg_b", "order.created", #"{"n":2}"#),
                                                                   ("msg_c", "order.created", #"{"n":3}"#)], keys: [.symmetric(secret)])
            let answer = try await client.post(batch)
            #expect(answer.status.code == 200)
            #expect(answer.text == #"{"received":2,"duplicates":1}"#)
            #expect(await HandledEvents.eventually { handled.ids.count == 3 })
            #expect(Set(handled.ids) == ["msg_a", "msg_b", "msg_c"])
            let members = handled.all.filter { $0.event.id != "msg_a" }
            #expect(members.allSatisfy { $0.event.requestID == "bat_1" })
            #expect(members.map { String(decoding: $0.event.data, as: UTF8.self) }.sorted() == [#"{"n":2}"#, #"{"n":3}"#])
            // The whole batch again (a retry): every member is a duplicate.
            #expect(try await client.post(batch).text == #"{"received":0,"duplicates":3}"#)
        }
    }

    @Test("a batch whose size header disagrees with its body is refused 400 invalidBatch")
    func batchSizeMismatch() async throws {
        var batch = SignedWebhook.batch(members: [("msg_1", "order.created", "{}")], keys: [.symmetric(secret)])
        batch.headers[.init("webhook-batch-size")!] = "2"
        let mismatched = batch
        try await ReceiverServer.run(ReceiverConfiguration(keys: [.symmetric(secret)]), router: WebhookEventRouter()) { _, client throws in
            let answer = try await client.post(mismatched)
            #expect(answer.status.code == 400)
            #expect(answer.text.contains("invalidBatch"))
        }
    }
}
