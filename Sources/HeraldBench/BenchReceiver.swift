import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import Synchronization

/// A Hummingbird receiver for the delivery benchmark: answers 204 at once and notes when
/// each `webhook-id` arrived.
final class BenchReceiver: Sendable {
    private let arrivals = Mutex<[String: ContinuousClock.Instant]>([:])
    private let total = Mutex(0)
    let port: Int
    private let task: Task<Void, any Error>

    private init(port: Int, task: Task<Void, any Error>) {
        self.port = port
        self.task = task
    }

    /// Starts on 127.0.0.1 and a free port.
    static func start() async throws -> BenchReceiver {
        let box = ReceiverBox()
        let router = Router()
        router.post("hook/:n") { request, context -> Response in
            let id = request.headers[HTTPField.Name("webhook-id")!].map { $0 + "#" + (context.parameters.get("n") ?? "") }
            _ = try await request.body.collect(upTo: 1 << 20)
            box.record(id)
            return Response(status: .noContent)
        }
        var logger = Logger(label: "bench-receiver")
        logger.logLevel = .critical
        let port = PortPromise()
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                              onServerRunning: { port.set($0.localAddress?.port ?? 0) }, logger: logger)
        let task = Task { try await app.run() }
        let receiver = BenchReceiver(port: await port.value(), task: task)
        box.receiver.withLock { $0 = receiver }
        return receiver
    }

    func url(_ index: Int) -> String { "http://127.0.0.1:\(port)/hook/\(index)" }

    fileprivate func record(_ id: String?) {
        let now = ContinuousClock.now
        total.withLock { $0 += 1 }
        if let id { arrivals.withLock { if $0[id] == nil { $0[id] = now } } }
    }

    /// Requests received so far.
    var count: Int { total.withLock { $0 } }

    /// When each `webhook-id#endpoint` first arrived.
    var arrivalTimes: [String: ContinuousClock.Instant] { arrivals.withLock { $0 } }

    func reset() {
        total.withLock { $0 = 0 }
        arrivals.withLock { $0.removeAll() }
    }

    func stop() {
        task.cancel()
    }
}

/// Lets the route handler reach the receiver created after the router.
private final class ReceiverBox: Sendable {
    let receiver = Mutex<BenchReceiver?>(nil)
    func record(_ id: String?) { receiver.withLock { $0 }?.record(id) }
}

/// A port reported once from the server's start callback.
private final class PortPromise: Sendable {
    private let state = Mutex<(Int?, [CheckedContinuation<Int, Never>])>((nil, []))

    func set(_ port: Int) {
        let waiters = state.withLock { state -> [CheckedContinuation<Int, Never>] in
            state.0 = port
            defer { state.1 = [] }
            return state.1
        }
        for waiter in waiters { waiter.resume(returning: port) }
    }

    func value() async -> Int {
        await withCheckedContinuation { continuation in
            let ready = state.withLock { state -> Int? in
                if let port = state.0 { return port }
                state.1.append(continuation)
                return nil
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }
}
