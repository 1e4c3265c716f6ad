import NIOCore
import Synchronization

/// Keep-alive connections waiting for their next exchange, by target, each with the moment it
/// was put back. Bounded per target; a connection beyond the bound is closed by its owner.
final class IdleConnections: Sendable {
    private struct Entry {
        let channel: any Channel
        let since: NIODeadline
    }

    private struct State {
        var byTarget: [ConnectTarget: [Entry]] = [:]
        var closed = false
    }

    private let state = Mutex(State())
    private let capacityPerTarget: Int

    init(capacityPerTarget: Int) {
        self.capacityPerTarget = capacityPerTarget
    }

    /// The most recently used open connection to `target`, taken out; closed ones met on the
    /// way are dropped (their endpoint closed them while idle).
    func take(_ target: ConnectTarget) -> (any Channel)? {
        state.withLock { state in
            while let entry = state.byTarget[target]?.popLast() {
                if entry.channel.isActive { return entry.channel }
            }
            return nil
        }
    }

    /// Keeps `channel` for the next exchange to `target`; false when it must be closed instead
    /// (the bound is reached, or the transport has shut down).
    func put(_ channel: any Channel, for target: ConnectTarget) -> Bool {
        state.withLock { state in
            guard !state.closed, state.byTarget[target, default: []].count < capacityPerTarget else { return false }
            state.byTarget[target, default: []].append(Entry(channel: channel, since: .now()))
            return true
        }
    }

    /// Takes out every connection idle since before `cutoff`, for the caller to close.
    func removeIdle(since cutoff: NIODeadline) -> [any Channel] {
        state.withLock { state in
            var stale: [any Channel] = []
            for (target, entries) in state.byTarget {
                let kept = entries.filter { $0.since >= cutoff && $0.channel.isActive }
                guard kept.count != entries.count else { continue }
                stale += entries.filter { $0.since < cutoff }.map(\.channel)
                state.byTarget[target] = kept.isEmpty ? nil : kept
            }
            return stale
        }
    }

    /// Takes out every connection and refuses any put back from now on.
    func removeAll() -> [any Channel] {
        state.withLock { state in
            state.closed = true
            defer { state.byTarget = [:] }
            return state.byTarget.values.flatMap { $0.map(\.channel) }
        }
    }

    /// How many connections wait, over all targets.
    var count: Int {
        state.withLock { $0.byTarget.values.reduce(0) { $0 + $1.count } }
    }
}
