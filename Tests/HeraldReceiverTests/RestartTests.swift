import Foundation
import Herald
import HeraldReceiver
import HTTPTypes
import HummingbirdTesting
import Synchronization
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

    @Test("an event whose handler failed once is retried by the next receiver on the same inbox, once, and stays a duplicate")
    func pendingRetrySurvivesRestart() async throws {
        let path = ReceiverServer.temporaryInboxPath()
        let clock = ManualClock()
        var configuration = ReceiverConfiguration(keys: [.symmetric(secret)])
        configuration.retrySchedule = [.seconds(60)]
        var failing = WebhookEventRouter()
        failing.otherwise { _ in throw TestFailure("downstream is down") }
        try await ReceiverServer.run(configuration, router: failing, inboxPath: path, clock: clock) { receiver, client throws in
            #expect(try await client.post(SignedWebhook.event(id: "msg_retry", keys: [.symmetric(secret)])).status.code == 200)
            #expect(try await HandledEvents.eventually { try await receiver.event(id: "msg_retry")?.attempts == 1 })
            let record = try await receiver.event(id: "msg_retry")
            #expect(record?.status == .pending, "a retry is pending when the receiver stops")
            #expect(record?.nextAttemptAt == clock.now + 60_000)
        }
        let runs = RunCounter()
        var working = WebhookEventRouter()
        working.otherwise { runs.count($0.id) }
        clock.advance(by: .seconds(61))
        try await ReceiverServer.run(configuration, router: working, inboxPath: path, clock: clock) { receiver, client throws in
            #expect(try await HandledEvents.eventually { try await receiver.event(id: "msg_retry")?.status == .handled })
            #expect(try await receiver.event(id: "msg_retry")?.attempts == 2, "the failed run counted, then this one")
            let again = try await client.post(SignedWebhook.event(id: "msg_retry", keys: [.symmetric(secret)]))
            #expect(again.text == #"{"received":0,"duplicates":1}"#, "remembered across the restart")
            try await Task.sleep(for: .milliseconds(300))
            #expect(runs.runs == ["msg_retry": 1], "handled exactly once after the restart")
        }
    }

    @Test("an event whose handler was mid-run when the receiver was cut short runs once at the next start, and stays a duplicate")
    func interruptedRunSurvivesRestart() async throws {
        let path = ReceiverServer.temporaryInboxPath()
        let configuration = ReceiverConfiguration(keys: [.symmetric(secret)])
        let started = AsyncSignal()
        var hanging = WebhookEventRouter()
        hanging.otherwise { _ in
            started.fire()
            try await Task.sleep(for: .seconds(60))   // the work, cut short by the stop
        }
        try await ReceiverServer.run(configuration, router: hanging, inboxPath: path, runHandlers: false) { receiver, client throws in
            // The handlers run in a task of their own, cancelled below: a stop that does not wait,
            // as when the process is killed.
            let handlers = Task { try await receiver.run() }
            #expect(try await client.post(SignedWebhook.event(id: "msg_midrun", keys: [.symmetric(secret)])).status.code == 200)
            let ended = AsyncSignal()
            let stopped = Task {
                await started.wait()
                handlers.cancel()
                try? await handlers.value
                ended.fire()
            }
            let endedInTime = await withTaskGroup(of: Bool.self) { group in
                group.addTask { await ended.wait(); return true }
                group.addTask { try? await Task.sleep(for: .seconds(10)); return false }
                let first = await group.next() ?? false
                group.cancelAll()
                ended.fire()
                return first
            }
            stopped.cancel()
            #expect(endedInTime, "the handlers stopped within 10 s of the cancellation")
            let record = try await receiver.event(id: "msg_midrun")
            #expect(record?.status == .pending, "left as it was, to run again")
            #expect(record?.attempts == 0, "an interrupted run is not a failed one")
        }
        let runs = RunCounter()
        var working = WebhookEventRouter()
        working.otherwise { runs.count($0.id) }
        try await ReceiverServer.run(configuration, router: working, inboxPath: path) { receiver, client throws in
            #expect(try await HandledEvents.eventually { try await receiver.event(id: "msg_midrun")?.status == .handled })
            let again = try await client.post(SignedWebhook.event(id: "msg_midrun", keys: [.symmetric(secret)]))
            #expect(again.text == #"{"received":0,"duplicates":1}"#, "remembered across the restart")
            try await Task.sleep(for: .milliseconds(300))
            #expect(runs.runs == ["msg_midrun": 1], "handled exactly once after the restart")
            #expect(try await receiver.event(id: "msg_midrun")?.attempts == 1)
        }
    }

    @Test("by default a duplicate is recognised for 7 days: kept just short of them, purged just past them")
    func defaultRetention() async throws {
        let path = ReceiverServer.temporaryInboxPath()
        let clock = ManualClock()
        let configuration = ReceiverConfiguration(keys: [.symmetric(secret)])
        #expect(configuration.retention == .seconds(7 * 24 * 3600))
        var router = WebhookEventRouter()
        router.otherwise { _ in }
        let keys: [SigningKey] = [.symmetric(secret)]
        try await ReceiverServer.run(configuration, router: router, inboxPath: path, clock: clock) { receiver, client throws in
            _ = try await client.post(SignedWebhook.event(id: "msg_week", keys: keys))
            #expect(try await HandledEvents.eventually { try await receiver.event(id: "msg_week")?.status == .handled })
        }
        // Each start purges first; a probe handled after the start shows that the purge has run.
        clock.advance(by: .seconds(7 * 24 * 3600 - 60))
        try await ReceiverServer.run(configuration, router: router, inboxPath: path, clock: clock) { receiver, client throws in
            _ = try await client.post(SignedWebhook.event(id: "msg_probe1", keys: keys))
            #expect(try await HandledEvents.eventually { try await receiver.event(id: "msg_probe1")?.status == .handled })
            #expect(try await receiver.event(id: "msg_week") != nil, "kept a minute short of 7 days")
            #expect(try await client.post(SignedWebhook.event(id: "msg_week", keys: keys)).text == #"{"received":0,"duplicates":1}"#)
        }
        clock.advance(by: .seconds(120))
        try await ReceiverServer.run(configuration, router: router, inboxPath: path, clock: clock) { receiver, client throws in
            _ = try await client.post(SignedWebhook.event(id: "msg_probe2", keys: keys))
            #expect(try await HandledEvents.eventually { try await receiver.event(id: "msg_probe2")?.status == .handled })
            #expect(try await receiver.event(id: "msg_week") == nil, "purged a minute past 7 days")
            #expect(try await client.post(SignedWebhook.event(id: "msg_week", keys: keys)).text == #"{"received":1,"duplicates":0}"#)
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

/// How many times each event's handler ran.
final class RunCounter: Sendable {
    private let state = Mutex<[String: Int]>([:])

    func count(_ id: String) { state.withLock { $0[id, default: 0] += 1 } }
    var runs: [String: Int] { state.withLock { $0 } }
}
