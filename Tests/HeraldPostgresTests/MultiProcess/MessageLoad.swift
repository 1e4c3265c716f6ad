import Foundation
import HeraldTestSupport
import Synchronization

/// A message that a process answered `202` for.
struct AcceptedMessage: Sendable {
    let id: String
    /// Its number in the load.
    let index: Int
    /// The endpoint it is routed to (by its event type).
    let endpoint: Int
    /// The process (its index in the group) that answered 202.
    let process: Int

    /// The delivery the receiver should get.
    var key: DeliveryKey { DeliveryKey(messageID: id, path: ProcessGroup.path(endpoint)) }
}

/// Posts numbered messages through several processes' APIs, `clients` at a time: message `i`
/// goes to process `i % processes.count` first, with the event type of `endpoint(i)` and the
/// `Idempotency-Key` `<keyPrefix>-<i>`. A message answered `503` or lost to a transport error
/// (a process killed or stopping) is posted again, to the next process, every 100 ms until
/// `patience` has passed; the key makes a retry of a message that was stored after all
/// answer with the first one's id, through any process. A process taken out of the rotation
/// (``takeOut(_:)``, as a load balancer does before a process is stopped) gets no more requests.
final class MessageLoad: Sendable {
    /// What the posting got back.
    struct Outcome: Sendable {
        /// Every message answered 202, in the order the answers came.
        var accepted: [AcceptedMessage] = []
        /// Answers counted by kind: `202`, `503 store_unavailable`, `transport error`, …
        var answers: [String: Int] = [:]
        /// Answers that are neither a 202, nor a 503 with a JSON error code, nor a transport
        /// error: each with its body.
        var unexpected: [String] = []
        /// What the first transport errors were (a process gone, no answer in time), with the process.
        var transportErrors: [String] = []
        /// Messages never accepted within the patience.
        var gaveUp: [Int] = []
        /// The longest a 503 took to come.
        var slowest503: Duration = .zero
    }

    private let outcome = Mutex(Outcome())
    private let nextIndex = Atomic<Int>(0)
    private let takenOut = Mutex<Set<Int>>([])
    private let count: Int
    private let apis: [APIClient]
    private let app: String
    private let keyPrefix: String
    private let patience: Duration
    private let endpoint: @Sendable (Int) -> Int
    private let clients = Mutex<Task<Void, Never>?>(nil)

    private init(count: Int, apis: [APIClient], app: String, keyPrefix: String, patience: Duration, endpoint: @escaping @Sendable (Int) -> Int) {
        self.count = count
        self.apis = apis
        self.app = app
        self.keyPrefix = keyPrefix
        self.patience = patience
        self.endpoint = endpoint
    }

    /// Starts posting messages `0..<count`; ``finish()`` waits until each was accepted or given up on.
    static func start(count: Int, clients: Int, through processes: [ServerProcess], app: String, keyPrefix: String = "m",
                      patience: Duration = .seconds(60), endpoint: @escaping @Sendable (Int) -> Int) -> MessageLoad {
        let load = MessageLoad(count: count, apis: processes.map(\.api), app: app, keyPrefix: keyPrefix, patience: patience, endpoint: endpoint)
        let task = Task {
            await withDiscardingTaskGroup { group in
                for _ in 0..<clients {
                    group.addTask {
                        while let index = load.take() { await load.post(index) }
                    }
                }
            }
        }
        load.clients.withLock { $0 = task }
        return load
    }

    /// Posts messages `0..<count` and returns once each was accepted or given up on.
    static func post(count: Int, clients: Int, through processes: [ServerProcess], app: String, keyPrefix: String = "m",
                     patience: Duration = .seconds(60), endpoint: @escaping @Sendable (Int) -> Int) async -> Outcome {
        await start(count: count, clients: clients, through: processes, app: app, keyPrefix: keyPrefix, patience: patience, endpoint: endpoint).finish()
    }

    /// Sends nothing more to process `index` (its place in the list the load was started with).
    func takeOut(_ index: Int) {
        takenOut.withLock { _ = $0.insert(index) }
    }

    /// Waits until every message was accepted or given up on, and returns what came back.
    func finish() async -> Outcome {
        await clients.withLock { $0 }?.value
        return outcome.withLock { $0 }
    }

    private func take() -> Int? {
        let index = nextIndex.wrappingAdd(1, ordering: .relaxed).oldValue
        return index < count ? index : nil
    }

    /// The process for the `attempt`th try of message `index`: the next one in rotation.
    private func target(_ index: Int, attempt: Int) -> Int {
        let out = takenOut.withLock { $0 }
        for step in 0..<apis.count {
            let candidate = (index + attempt + step) % apis.count
            if !out.contains(candidate) { return candidate }
        }
        return (index + attempt) % apis.count
    }

    private func post(_ index: Int) async {
        let deadline = ContinuousClock.now + patience
        let endpoint = endpoint(index)
        let body = #"{"eventType":"\#(ProcessGroup.eventType(endpoint))","payload":{"n":\#(index)}}"#
        var attempt = 0
        while true {
            let target = target(index, attempt: attempt)
            attempt += 1
            let started = ContinuousClock.now
            do {
                let answer = try await apis[target].post("/api/v1/apps/\(app)/messages", body, headers: [("Idempotency-Key", "\(keyPrefix)-\(index)")])
                let took = ContinuousClock.now - started
                let kind = "\(answer.status)" + (answer.errorCode.map { " \($0)" } ?? "")
                let accepted = answer.status == 202 ? answer.json["id"] as? String : nil
                let unavailable = answer.status == 503 && answer.errorCode != nil
                outcome.withLock { outcome in
                    outcome.answers[kind, default: 0] += 1
                    if let accepted {
                        outcome.accepted.append(AcceptedMessage(id: accepted, index: index, endpoint: endpoint, process: target))
                    } else if unavailable {
                        outcome.slowest503 = max(outcome.slowest503, took)
                    } else {
                        outcome.unexpected.append("message \(index) through process \(target): \(answer.status) \(answer.text)")
                    }
                }
                if !unavailable { return }
            } catch {
                let took = ContinuousClock.now - started
                outcome.withLock { outcome in
                    outcome.answers["transport error", default: 0] += 1
                    if outcome.transportErrors.count < 20 { outcome.transportErrors.append("process \(target) after \(took): \(error)") }
                }
            }
            guard ContinuousClock.now < deadline else {
                outcome.withLock { $0.gaveUp.append(index) }
                return
            }
            try? await Task.sleep(for: .milliseconds(100))
        }
    }
}
