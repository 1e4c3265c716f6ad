import Foundation
import Herald
import HeraldReceiver
import HTTPTypes
import HummingbirdTesting
import Testing

/// The inbox outlives the process: what was recorded but not handled runs after a restart,
/// and duplicates are still recognised; past the retention they are forgotten.
@Suite("Receiver: restarts and retention")
struct RestartTests {
    let secret = TestKeys.secret()

    @Test("a restart keeps the duplicate memory and runs the events not yet handled")
    func restart() async throws {
        let path = ReceiverServer.temporaryInboxPath()
        let configuration = ReceiverConfiguration(keys: [.symmetric(secret)])
        // First run: handlers not running (as if the process died right after answering).
        try await ReceiverServer.run(configuration, router: WebhookEventRouter(), inboxPath: path, runHandlers: false) { _, client throws in
            #expect(try await client.post(SignedWebhook.event(id: "msg_r1", keys: [.symmetric(secret)])).status.code == 200)
            #expect(try await client.post(SignedWebhook.event(id: "msg_r2", keys: [.symmetric(secret)])).status.code == 200)
        }
        let handled = HandledEvents()
        var router = WebhookEventRouter()
        router.otherwise { handled.add($0) }
        try await ReceiverServer.run(configuration, router: router, inboxPath: path) { receiver, client throws in
            #expect(await HandledEvents.eventually { handled.ids.count == 2 })
            #expect(Set(handled.ids) == ["msg_r1", "msg_r2"])
            let again = try await client.post(SignedWebhook.event(id: "msg_r1", keys: [.symmetric(secret)]))
            #expect(again.text == #"{"received":0,"duplicates":1}"#, "remembered across the restart")
            #expect(try await HandledEvents.eventually { try await receiver.event(id: "msg_r2")?.status == .handled })
        }
    }

    @Test("handled events past the retention are purged at start, and their ids are no longer duplicates")
    func retention() async throws {
        let path = ReceiverServer.temporaryInboxPath()
        var configuration = ReceiverConfiguration(keys: [.symmetric(secret)])
        var router = WebhookEventRouter()
        router.otherwise { _ in }
        try await ReceiverServer.run(configuration, router: router, inboxPath: path) { receiver, client throws in
            _ = try await client.post(SignedWebhook.event(id: "msg_old", keys: [.symmetric(secret)]))
            #expect(try await HandledEvents.eventually { try await receiver.event(id: "msg_old")?.status == .handled })
        }
        configuration.retention = .zero
        try await Task.sleep(for: .milliseconds(5))
        try await ReceiverServer.run(configuration, router: router, inboxPath: path) { receiver, client throws in
            #expect(try await HandledEvents.eventually { try await receiver.event(id: "msg_old") == nil })
            #expect(try await client.post(SignedWebhook.event(id: "msg_old", keys: [.symmetric(secret)])).text == #"{"received":1,"duplicates":0}"#)
        }
    }
}
