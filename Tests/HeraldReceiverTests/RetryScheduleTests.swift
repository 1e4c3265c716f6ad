import Foundation
import Herald
import HeraldReceiver
import HTTPTypes
import HummingbirdTesting
import Synchronization
import Testing

/// When a failed handler runs again: after each pause of the schedule in turn (on the
/// receiver's clock, which the test moves), never while its previous run is still executing.
@Suite("Receiver: retry timing")
struct RetryScheduleTests {
    let secret = TestKeys.secret()

    @Test("each failure's retry is due after the schedule's next pause, the pauses grow, and the event runs no sooner")
    func backoffGrows() async throws {
        let clock = ManualClock()
        let runs = Mutex(0)
        var router = WebhookEventRouter()
        router.otherwise { _ in
            runs.withLock { $0 += 1 }
            throw TestFailure("downstream is down")
        }
        let configuration = ReceiverConfiguration(keys: [.symmetric(secret)])
        let schedule = configuration.retrySchedule
        #expect(schedule == [.seconds(1), .seconds(10), .seconds(60), .seconds(600), .seconds(3600)], "the documented default")
        try await ReceiverServer.run(configuration, router: router, clock: clock) { receiver, client throws in
            #expect(try await client.post(SignedWebhook.event(id: "msg_backoff", keys: [.symmetric(secret)])).status == .ok)
            var pauses = [Int64]()
            for (index, pause) in schedule.enumerated() {
                let attempts = index + 1
                try #require(try await HandledEvents.eventually { try await receiver.event(id: "msg_backoff")?.attempts == attempts },
                             "run \(attempts) did not happen")
                let record = try #require(try await receiver.event(id: "msg_backoff"))
                #expect(record.status == .pending)
                pauses.append(record.nextAttemptAt - clock.now)
                if index == 0 {
                    // Just short of due: the processor wakes at least once a second, and must not run it.
                    clock.advance(by: pause - .milliseconds(1))
                    try await Task.sleep(for: .milliseconds(1500))
                    #expect(runs.withLock { $0 } == 1, "ran again before its pause was over")
                    clock.advance(by: .milliseconds(1))
                } else {
                    clock.advance(by: pause)
                }
            }
            #expect(pauses == schedule.map { $0.components.seconds * 1000 }, "next attempts, in ms after each failure")
            #expect(zip(pauses, pauses.dropFirst()).allSatisfy { $0 < $1 }, "the pauses grow: \(pauses)")
            #expect(try await HandledEvents.eventually { try await receiver.event(id: "msg_backoff")?.status == .dead })
            #expect(runs.withLock { $0 } == schedule.count + 1)
        }
    }

    @Test("a timed-out handler that ignores cancellation is not run again until it has returned: its retry never overlaps it")
    func retryWaitsForTheTimedOutRun() async throws {
        // (running now, most at once, runs so far)
        let activity = Mutex((running: 0, most: 0, runs: 0))
        var router = WebhookEventRouter()
        router.otherwise { _ in
            let run = activity.withLock { state -> Int in
                state.running += 1
                state.most = max(state.most, state.running)
                state.runs += 1
                return state.runs
            }
            if run == 1 {
                // 5 s, well past the 2 s deadline, in a task the cancellation does not reach.
                await Task.detached { try? await Task.sleep(for: .seconds(5)) }.value
            }
            activity.withLock { $0.running -= 1 }
        }
        var configuration = ReceiverConfiguration(keys: [.symmetric(secret)])
        // 2 s: the second, instant run must end within it too, on a loaded machine.
        configuration.handlerTimeout = .seconds(2)
        configuration.retrySchedule = [.milliseconds(10), .milliseconds(10)]
        try await ReceiverServer.run(configuration, router: router) { receiver, client throws in
            #expect(try await client.post(SignedWebhook.event(id: "msg_overlap", keys: [.symmetric(secret)])).status == .ok)
            #expect(try await HandledEvents.eventually(within: .seconds(30)) { try await receiver.event(id: "msg_overlap")?.status == .handled })
            let record = try await receiver.event(id: "msg_overlap")
            #expect(record?.attempts == 2, "timed out once, then handled")
            let seen = activity.withLock { $0 }
            #expect(seen.runs == 2)
            #expect(seen.most == 1, "the retry started while the timed-out run was still executing")
        }
    }
}
