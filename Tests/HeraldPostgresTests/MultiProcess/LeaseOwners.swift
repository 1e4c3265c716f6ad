import HeraldTestSupport
import Synchronization

/// Which process each lease owner (the `lease_owner` a Herald process writes on the deliveries
/// it claims, a random id of its own) is, found without anything added to Herald: samples of
/// the claimed deliveries and their owners, matched with the process the receiver's
/// ``ConnectionOwners`` traced each delivery's request to. A process sends what it claimed,
/// so each owner's deliveries arrive from one process.
final class LeaseOwners: Sendable {
    private let seen = Mutex<[String: Set<DeliveryKey>]>([:])
    private let sampler = Mutex<Task<Void, Never>?>(nil)

    /// Most deliveries kept per owner: enough for a clear majority.
    static let keptPerOwner = 500

    private init() {}

    /// Samples the deliveries under a lease every `interval` until ``stop()``.
    static func start(group: ProcessGroup, interval: Duration = .milliseconds(250)) -> LeaseOwners {
        let owners = LeaseOwners()
        let task = Task {
            while !Task.isCancelled {
                if let leased = try? await DeliveryTable.leased(group.database, endpoints: group.endpoints) { owners.add(leased) }
                try? await Task.sleep(for: interval)
            }
        }
        owners.sampler.withLock { $0 = task }
        return owners
    }

    /// Adds deliveries seen under a lease (also a snapshot the test took itself).
    func add(_ leased: [DeliveryTable.Leased]) {
        seen.withLock { seen in
            for row in leased where seen[row.owner, default: []].count < Self.keptPerOwner {
                seen[row.owner, default: []].insert(row.key)
            }
        }
    }

    /// Stops sampling.
    func stop() async {
        let task = sampler.withLock { task in defer { task = nil }; return task }
        task?.cancel()
        await task?.value
    }

    /// Each owner's process: the one that sent most of the owner's sampled deliveries, when it
    /// sent more than half of those traced to a process.
    func processes(_ ledger: DeliveryLedger, connections: ConnectionOwners) -> [String: Int32] {
        var senders = [DeliveryKey: [Int32]]()
        for request in ledger.requests {
            if let pid = connections.owner(ofClientPort: request.remotePort) { senders[DeliveryLedger.key(request), default: []].append(pid) }
        }
        var result = [String: Int32]()
        for (owner, keys) in seen.withLock({ $0 }) {
            var votes = [Int32: Int]()
            for key in keys {
                for pid in senders[key] ?? [] { votes[pid, default: 0] += 1 }
            }
            let total = votes.values.reduce(0, +)
            if let (pid, count) = votes.max(by: { $0.value < $1.value }), count * 2 > total { result[owner] = pid }
        }
        return result
    }
}
