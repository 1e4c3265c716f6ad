import HeraldStore

/// Whether `signal` rings (or has rung since it was last waited for) within `limit`.
public func rings(_ signal: DeliverySignal, within limit: Duration = .seconds(1)) async -> Bool {
    await withTaskGroup(of: Bool.self) { group in
        group.addTask {
            await signal.wait()
            return !Task.isCancelled
        }
        group.addTask {
            try? await Task.sleep(for: limit)
            return false
        }
        let first = await group.next() ?? false
        group.cancelAll()
        return first
    }
}

/// Consumes a notification `signal` holds, if any, so that the next check sees only new ones.
func drain(_ signal: DeliverySignal) async {
    _ = await rings(signal, within: .milliseconds(20))
}
