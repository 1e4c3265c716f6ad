import NIOCore
import Synchronization

/// The thread-safe state shared by a ``TestReceiver`` and its connection handlers.
final class TestReceiverState: Sendable {
    private let storage = Mutex(TestReceiverStorage())

    /// Registers a newly accepted connection and returns its number, or `nil` if the receiver
    /// is stopping (the caller then closes the connection).
    func openConnection(_ channel: any Channel) -> Int? {
        self.storage.withLock { storage in
            guard !storage.isStopped else { return nil }
            let id = storage.nextConnectionID
            storage.nextConnectionID += 1
            storage.connectionsSinceReset += 1
            storage.openConnections[id] = channel
            return id
        }
    }

    /// Forgets a connection that has closed.
    func connectionClosed(_ id: Int) {
        self.storage.withLock { storage in
            _ = storage.openConnections.removeValue(forKey: id)
        }
    }

    /// Marks the receiver stopped and hands back the connections open now.
    func stop() -> [any Channel] {
        self.storage.withLock { storage in
            storage.isStopped = true
            let channels = Array(storage.openConnections.values)
            storage.openConnections.removeAll()
            return channels
        }
    }

    /// Records a request and returns the step scripted for it, or `nil` if its path is unscripted.
    func record(_ request: ReceivedRequest) -> TestReceiverStep? {
        self.storage.withLock { storage in
            storage.requests.append(request)
            guard let steps = storage.scripts[request.path], !steps.isEmpty else { return nil }
            let position = storage.scriptPositions[request.path, default: 0]
            storage.scriptPositions[request.path] = position + 1
            return steps[min(position, steps.count - 1)]
        }
    }

    /// Sets the steps for a path and starts it at its first step; an empty list unscripts it.
    func script(_ path: String, _ steps: [TestReceiverStep]) {
        self.storage.withLock { storage in
            storage.scripts[path] = steps.isEmpty ? nil : steps
            storage.scriptPositions[path] = nil
        }
    }

    /// The requests recorded, to one path or to any.
    func requests(_ path: String?) -> [ReceivedRequest] {
        self.storage.withLock { storage in
            guard let path else { return storage.requests }
            return storage.requests.filter { $0.path == path }
        }
    }

    /// The number of requests recorded, to one path or to any.
    func count(_ path: String?) -> Int {
        self.storage.withLock { storage in
            guard let path else { return storage.requests.count }
            return storage.requests.reduce(0) { $0 + ($1.path == path ? 1 : 0) }
        }
    }

    /// A request to `path` arrived whole and waits for its answer.
    func began(_ path: String) {
        self.storage.withLock { storage in
            let now = storage.unanswered[path, default: 0] + 1
            storage.unanswered[path] = now
            storage.mostUnanswered[path] = max(storage.mostUnanswered[path, default: 0], now)
        }
    }

    /// A request to `path` was answered, or its connection closed first.
    func ended(_ path: String) {
        self.storage.withLock { storage in
            storage.unanswered[path, default: 1] -= 1
        }
    }

    /// The most requests to `path` that were waiting for their answers at once.
    func mostConcurrent(_ path: String) -> Int {
        self.storage.withLock { $0.mostUnanswered[path, default: 0] }
    }

    /// The number of connections accepted since the start or the last reset.
    func connectionCount() -> Int {
        self.storage.withLock { $0.connectionsSinceReset }
    }

    /// Clears the recorded requests, the scripts and the connection count.
    func reset() {
        self.storage.withLock { storage in
            storage.requests.removeAll()
            storage.scripts.removeAll()
            storage.scriptPositions.removeAll()
            storage.connectionsSinceReset = 0
        }
    }
}
