import Foundation
import Herald
import HeraldReceiver
import HTTPTypes
import HummingbirdTesting
import Synchronization
import Testing

/// Handlers run in the background, after the 2xx: with a deadline, retried with backoff, kept
/// as dead letters when they keep failing, replayed on request; typed dispatch by type and version.
@Suite("Receiver: handlers")
struct HandlerRunTests {
    let secret = TestKeys.secret()

    func configuration(retries: [Duration] = [.milliseconds(50), .milliseconds(50)], timeout: Duration = .seconds(30)) -> ReceiverConfiguration {
        var configuration = ReceiverConfiguration(keys: [.symmetric(secret)])
        configuration.retrySchedule = retries
        configuration.handlerTimeout = timeout
        return configuration
    }

    @Test("the answer comes before the handler ends: a slow handler does not hold the request")
    func answersFirst() async throws {
        let release = AsyncSignal()
        let handled = HandledEvents()
        var router = WebhookEventRouter()
        router.otherwise { event in
            await release.wait()
            handled.add(event)
        }
        try await ReceiverServer.run(configuration(), router: router) { receiver, client throws in
            let started = ContinuousClock.now
            #expect(try await client.post(SignedWebhook.event(id: "msg_slow", keys: [.symmetric(secret)])).status.code == 200)
            // The handler waits for the release below, so an answer held by it would never come;
            // a loaded CI machine has taken 12.7 s to answer.
            #expect(ContinuousClock.now - started < .seconds(40), "answered at once, not after the handler (which waits for the release below)")
            #expect(handled.ids.isEmpty)
            release.fire()
            #expect(try await HandledEvents.eventually { try await receiver.event(id: "msg_slow")?.status == .handled })
        }
    }

    @Test("a handler that fails twice then succeeds is retried after the schedule's pauses and ends handled")
    func failThenSucceed() async throws {
        let runs = Mutex(0)
        var router = WebhookEventRouter()
        router.otherwise { _ in
            let run = runs.withLock { count -> Int in
                count += 1
                return count
            }
            if run < 3 { throw TestFailure("run \(run) fails") }
        }
        try await ReceiverServer.run(configuration(), router: router) { receiver, client throws in
            #expect(try await client.post(SignedWebhook.event(id: "msg_flaky", keys: [.symmetric(secret)])).status.code == 200)
            #expect(try await HandledEvents.eventually { try await receiver.event(id: "msg_flaky")?.status == .handled })
            let record = try await receiver.event(id: "msg_flaky")
            #expect(record?.attempts == 3)
            #expect(runs.withLock { $0 } == 3)
        }
    }

    @Test("a handler past its timeout counts as failed, even one that ignores cancellation")
    func timeout() async throws {
        var router = WebhookEventRouter()
        router.otherwise { _ in
            // Ignores cancellation: waits 30 s in a task the cancellation does not reach. (A
            // loop of `try? await Task.sleep` would end at once once cancelled, each sleep throwing.)
            // The receiver's stop waits for it, so the test takes that long.
            await Task.detached { try? await Task.sleep(for: .seconds(30)) }.value
        }
        try await ReceiverServer.run(configuration(retries: [.seconds(60)], timeout: .milliseconds(200)), router: router) { receiver, client throws in
            let started = ContinuousClock.now
            #expect(try await client.post(SignedWebhook.event(id: "msg_stuck", keys: [.symmetric(secret)])).status.code == 200)
            #expect(try await HandledEvents.eventually(within: .seconds(25)) { try await receiver.event(id: "msg_stuck")?.attempts == 1 })
            // 200 ms deadline; the handler would run 30 s; a loaded CI machine has taken 15.6 s.
            #expect(ContinuousClock.now - started < .seconds(25), "the run ended at its deadline, not when the handler gave up")
            let record = try await receiver.event(id: "msg_stuck")
            #expect(record?.status == .pending, "retried later")
            #expect(record?.lastError?.contains("did not finish within") == true, "\(String(describing: record?.lastError))")
        }
    }

    @Test("a handler that keeps failing leaves a dead letter, which can be listed and replayed")
    func deadLetterAndReplay() async throws {
        let fixed = Mutex(false)
        let handled = HandledEvents()
        var router = WebhookEventRouter()
        router.otherwise { event in
            guard fixed.withLock({ $0 }) else { throw TestFailure("downstream is down") }
            handled.add(event)
        }
        try await ReceiverServer.run(configuration(retries: [.milliseconds(20)]), router: router) { receiver, client throws in
            #expect(try await client.post(SignedWebhook.event(id: "msg_dead", keys: [.symmetric(secret)])).status.code == 200)
            #expect(try await HandledEvents.eventually { try await receiver.event(id: "msg_dead")?.status == .dead })
            let letters = try await receiver.deadLetters()
            #expect(letters.map(\.event.id) == ["msg_dead"])
            #expect(letters.first?.attempts == 2)
            #expect(letters.first?.lastError?.contains("downstream is down") == true)
            fixed.withLock { $0 = true }
            #expect(try await receiver.replay(["msg_dead"]) == 1)
            #expect(try await HandledEvents.eventually { try await receiver.event(id: "msg_dead")?.status == .handled })
            #expect(handled.ids == ["msg_dead"])
            #expect(try await receiver.deadLetters().isEmpty)
        }
    }

    struct OrderV1: Decodable, Sendable { let order: String }
    struct OrderV2: Decodable, Sendable { let orderId: String; let lines: Int }

    @Test("dispatch by type and version, data decoded into the type registered; unknown versions reach the fallback")
    func typedDispatch() async throws {
        let handled = HandledEvents()
        var router = WebhookEventRouter()
        router.on("order.created", version: "2", as: OrderV2.self) { order, event in
            handled.add(event, as: "v2 \(order.orderId) \(order.lines)")
        }
        router.on("order.created", as: OrderV1.self) { order, event in
            handled.add(event, as: "any \(order.order)")
        }
        router.otherwise { event in handled.add(event, as: "fallback \(event.type) \(event.version ?? "-")") }
        try await ReceiverServer.run(configuration(), router: router) { _, client throws in
            let keys: [SigningKey] = [.symmetric(secret)]
            _ = try await client.post(SignedWebhook.event(id: "m1", version: "2", data: #"{"orderId":"o9","lines":3}"#, keys: keys))
            _ = try await client.post(SignedWebhook.event(id: "m2", version: "1", data: #"{"order":"o1"}"#, keys: keys))
            _ = try await client.post(SignedWebhook.event(id: "m3", data: #"{"order":"o2"}"#, keys: keys))
            _ = try await client.post(SignedWebhook.event(id: "m4", type: "user.deleted", version: "7", data: "{}", keys: keys))
            #expect(await HandledEvents.eventually { handled.all.count == 4 })
            let labels = Dictionary(uniqueKeysWithValues: handled.all.map { ($0.event.id, $0.label) })
            #expect(labels == ["m1": "v2 o9 3", "m2": "any o1", "m3": "any o2", "m4": "fallback user.deleted 7"])
        }
    }

    @Test("data that does not decode into the registered type fails the run")
    func undecodable() async throws {
        var router = WebhookEventRouter()
        router.on("order.created", as: OrderV2.self) { _, _ in }
        try await ReceiverServer.run(configuration(retries: []), router: router) { receiver, client throws in
            _ = try await client.post(SignedWebhook.event(id: "m_bad", data: #"{"orderId":1}"#, keys: [.symmetric(secret)]))
            #expect(try await HandledEvents.eventually { try await receiver.event(id: "m_bad")?.status == .dead })
        }
    }

    @Test("an event no handler takes is kept as unhandled, not retried, and can be replayed once one exists")
    func unhandled() async throws {
        try await ReceiverServer.run(configuration(), router: WebhookEventRouter()) { receiver, client throws in
            _ = try await client.post(SignedWebhook.event(id: "m_orphan", keys: [.symmetric(secret)]))
            #expect(try await HandledEvents.eventually { try await receiver.event(id: "m_orphan")?.status == .unhandled })
            #expect(try await receiver.unhandledEvents().map(\.event.id) == ["m_orphan"])
            #expect(try await receiver.event(id: "m_orphan")?.attempts == 0)
        }
    }
}

/// A failure a test handler throws.
struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A one-shot signal that tasks can wait for.
final class AsyncSignal: Sendable {
    private let state = Mutex<(fired: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))

    func fire() {
        let waiters = state.withLock { state in
            state.fired = true
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    func wait() async {
        await withCheckedContinuation { continuation in
            let now = state.withLock { state -> Bool in
                if state.fired { return true }
                state.waiters.append(continuation)
                return false
            }
            if now { continuation.resume() }
        }
    }
}
