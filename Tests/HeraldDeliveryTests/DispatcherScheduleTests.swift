import AsyncHTTPClient
import Foundation
import Herald
import HeraldDelivery
import HeraldSQLite
import HeraldStore
import HeraldTestSupport
import Logging
import Synchronization
import Testing

/// A clock the test moves by hand.
final class TestClock: Sendable {
    private let milliseconds: Mutex<Int64>
    init(_ start: Int64) { milliseconds = Mutex(start) }
    var now: Int64 { milliseconds.withLock { $0 } }
    func advance(seconds: Double) { milliseconds.withLock { $0 += Int64(seconds * 1000) } }
}

/// The dispatcher in this process, on a real SQLite file and a real receiver, with a test clock:
/// the default schedule's first delays are checked without waiting minutes.
@Suite("Dispatcher schedule with a test clock")
struct DispatcherScheduleTests {
    @Test("retries follow the default schedule within ±20 %, and not before")
    func defaultSchedule() async throws {
        let receiver = try await TestReceiver.start()
        defer { Task { try? await receiver.stop() } }
        receiver.script("/hook", [.status(500)])
        let clock = TestClock(1_800_000_000_000)
        let path = SQLiteStore.databasePath(inDataDirectory: TemporaryDirectory.make().path)
        let store = try SQLiteStore(path: path)
        let database = SQLiteInspector(path: path)
        try await store.createApplication(ApplicationRecord(id: "app_1", uid: nil, name: "A", metadata: [:], createdAt: clock.now, updatedAt: clock.now))
        try await store.createEndpoint(EndpointRecord(id: "ep_1", appID: "app_1", url: receiver.url("/hook"), description: "", eventTypes: [],
                                                      disabled: false, rateLimit: nil, headers: [:], createdAt: clock.now, updatedAt: clock.now),
                                       secret: EndpointSecretRecord(key: try WebhookSecret.generate().serialized, expiresAt: nil, createdAt: clock.now))
        var configuration = DeliveryConfiguration()
        configuration.networkGuard = NetworkGuard(allowedNetworks: try NetworkGuard.parseAllowedNetworks("127.0.0.1/32"))
        let client = WebhookSender.makeClient(maximumConnectionsPerHost: 16)
        let dispatcher = DeliveryDispatcher(store: store, client: client, configuration: configuration, logger: Logger(label: "test"), now: { clock.now })
        let running = Task { try await dispatcher.run() }
        defer {
            running.cancel()
            Task { try? await client.shutdown() }
        }

        let id = PrefixedIDGenerator.shared.next(.message).rawValue
        _ = try await store.acceptMessage(MessageSubmission(message: MessageRecord(id: id, appID: "app_1", eventType: "t.e", eventID: nil, version: nil,
                                                                                   payload: Array("{}".utf8), createdAt: clock.now), idempotency: nil),
                                          now: clock.now)
        for (attempt, nominalSeconds) in zip(1..., RetrySchedule.standard.delays.prefix(3)) {
            _ = try await receiver.waitFor(count: attempt, timeout: .seconds(10))
            let state = try await waitForState(database, id) { $0.attempts == attempt && $0.status == "failed" }
            let delay = Double(state.nextAttemptAt - clock.now) / 1000
            #expect(delay >= Double(nominalSeconds) * 0.8 - 0.1 && delay <= Double(nominalSeconds) * 1.2 + 0.1,
                    "after attempt \(attempt): next in \(delay) s, schedule says \(nominalSeconds) s ± 20 %")
            // Just before it is due nothing happens; just after, the next attempt goes.
            clock.advance(seconds: delay - 0.5)
            try await Task.sleep(for: .milliseconds(300))
            #expect(receiver.count() == attempt, "attempt \(attempt + 1) came early")
            clock.advance(seconds: 1)
        }
        _ = try await receiver.waitFor(count: 4, timeout: .seconds(10))
    }

    func waitForState(_ database: SQLiteInspector, _ id: String, _ condition: (SQLiteInspector.Delivery) -> Bool) async throws -> SQLiteInspector.Delivery {
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline {
            if let state = try database.delivery(messageID: id, endpointID: "ep_1"), condition(state) { return state }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw TestReceiverTimeout(path: nil, wanted: 1, seen: 0, timeout: .seconds(10))
    }
}
