import HeraldStore

/// Waits until any of: the store says new work exists, the dispatcher was poked (a slot
/// freed), or a deadline passed.
enum WakeTimer {
    static func wait(store: DeliverySignal, local: DeliverySignal, milliseconds: Int64) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await store.wait() }
            group.addTask { await local.wait() }
            group.addTask { try? await Task.sleep(for: .milliseconds(max(1, milliseconds))) }
            await group.next()
            group.cancelAll()
        }
    }
}
