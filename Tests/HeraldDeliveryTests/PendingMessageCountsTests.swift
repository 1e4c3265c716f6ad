import HeraldStore
import Testing

/// Accepted messages counted in memory until a store writes them (about once a second).
@Suite("Message counts waiting for their write")
struct PendingMessageCountsTests {
    /// 2026-12-07T10:15:30Z in milliseconds: its minute starts at …10:15:00, its hour at …10:00:00.
    static let now: Int64 = 1_796_638_530_000

    @Test("counts add up per application and bucket, and one take hands out each once")
    func addAndTake() {
        let pending = PendingMessageCounts()
        pending.add(appIDs: ["app_b", "app_a", "app_a"], now: Self.now)
        pending.add(appIDs: ["app_a"], now: Self.now + 1_000)
        let rows = pending.take()
        #expect(rows.map(\.appID) == ["app_a", "app_a", "app_b", "app_b"], "ordered by application, then granularity")
        #expect(rows.map(\.messages) == [3, 3, 1, 1])
        #expect(Set(rows.map(\.granularity)) == Set(StatisticsGranularity.allCases))
        #expect(rows.first { $0.appID == "app_a" && $0.granularity == .minute }?.start == StatisticsGranularity.minute.bucketStart(Self.now))
        #expect(pending.take().isEmpty, "taken counts are gone")
    }

    @Test("counts wait a second after the last take; a failed write puts them back; a deleted application's go")
    func dueRestoreDrop() async throws {
        let pending = PendingMessageCounts()
        let took = ContinuousClock.now
        _ = pending.take()
        pending.add(appIDs: ["app_a", "app_b"], now: Self.now)
        let early = pending.takeIfDue()
        // Only meaningful if this thread was not held off the CPU for the whole interval meanwhile.
        if ContinuousClock.now - took < PendingMessageCounts.flushInterval {
            #expect(early.isEmpty, "not a second since the last take")
        } else {
            pending.restore(early)
        }
        try await Task.sleep(for: PendingMessageCounts.flushInterval + .milliseconds(50))
        let due = pending.takeIfDue()
        #expect(due.reduce(0) { $0 + $1.messages } == 4, "two messages in two buckets each")
        pending.restore(due)
        pending.add(appIDs: ["app_a"], now: Self.now)
        pending.drop(appID: "app_b")
        let left = pending.take()
        #expect(left.allSatisfy { $0.appID == "app_a" && $0.messages == 2 } && left.count == 2)
        #expect(PendingMessageCounts().takeIfDue().isEmpty, "nothing counted, nothing due")
    }
}
