import HeraldStore

/// Waits until any of: the store says new work exists, the dispatcher was poked (a slot
/// freed), or a deadline passed.
enum WakeTimer {
    /// Returns true when the store rang (new work may be due).
    static func wait(store: DeliverySignal, local: DeliverySignal, milliseconds: Int64) async -> Bool {
        await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                await store.wait()
                return !Task.isCancelled
            }
            group.addTask {
                await local.wait()
                return false
            }
            group.addTask {
                try? await Task.sleep(for: .milliseconds(max(1, milliseconds)))
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            var rang = first
            for await other in group { rang = rang || other }
            return rang
        }
    }
}
