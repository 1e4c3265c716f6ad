import Synchronization

/// Clients that post messages in a loop until stopped, keeping the id of every message answered
/// 202: the load that crash tests kill a server under, to check that no accepted message is lost.
public final class PostingLoad: Sendable {
    private let accepted = Mutex<[String]>([])
    private let clients = Mutex<[Task<Void, Never>]>([])

    private init() {}

    /// Starts `clients` posters; `send(client, sequence)` posts one message and returns the answer.
    /// A poster stops at its first transport error (the server is gone).
    public static func start(clients count: Int, send: @escaping @Sendable (Int, Int) async throws -> APIClient.Answer) -> PostingLoad {
        let load = PostingLoad()
        let tasks = (0..<count).map { client in
            Task {
                var sequence = 0
                while !Task.isCancelled {
                    sequence += 1
                    guard let answer = try? await send(client, sequence) else { return }
                    if answer.status == 202, let id = answer.json["id"] as? String {
                        load.accepted.withLock { $0.append(id) }
                    }
                }
            }
        }
        load.clients.withLock { $0 = tasks }
        return load
    }

    /// The ids accepted so far.
    public var acceptedIDs: [String] { accepted.withLock { $0 } }

    /// Returns once at least `minimum` has passed and `count` messages were accepted, or after
    /// `maximum` in any case (a loaded machine accepts fewer in the same time).
    public func run(atLeast minimum: Duration, untilAccepted count: Int, atMost maximum: Duration) async throws {
        let start = ContinuousClock.now
        while ContinuousClock.now - start < maximum {
            if ContinuousClock.now - start >= minimum, acceptedIDs.count >= count { return }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// Stops every poster and returns the ids accepted.
    public func stop() async -> [String] {
        let tasks = clients.withLock { $0 }
        for task in tasks { task.cancel() }
        for task in tasks { await task.value }
        return acceptedIDs
    }
}
