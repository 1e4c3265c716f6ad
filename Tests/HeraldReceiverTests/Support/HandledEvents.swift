import HeraldReceiver
import Synchronization

/// What the test's handlers saw, in order, with a wait that ends at a deadline.
final class HandledEvents: Sendable {
    private let state = Mutex<[(label: String, event: ReceivedEvent)]>([])

    func add(_ event: ReceivedEvent, as label: String = "handled") {
        state.withLock { $0.append((label, event)) }
    }

    var all: [(label: String, event: ReceivedEvent)] { state.withLock { $0 } }
    var ids: [String] { all.map(\.event.id) }

    /// Waits until `condition` holds, polling every 10 ms, for at most `timeout`; returns whether it held.
    @discardableResult
    static func eventually(within timeout: Duration = .seconds(10), _ condition: () async throws -> Bool) async rethrows -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try await condition() { return true }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return try await condition()
    }
}
