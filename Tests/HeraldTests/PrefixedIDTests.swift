import Herald
import Synchronization
import Testing

@Suite("Prefixed ids")
struct PrefixedIDTests {
    @Test("ids carry their prefix and 26 Crockford characters, and parse back")
    func shape() throws {
        let id = PrefixedIDGenerator.shared.next(.message)
        #expect(id.rawValue.hasPrefix("msg_"))
        #expect(id.rawValue.count == 30)
        #expect(PrefixedID(id.rawValue, kind: .message) == id)
        #expect(PrefixedID(id.rawValue, kind: .endpoint) == nil)
        #expect(PrefixedID("msg_short", kind: .message) == nil)
        #expect(PrefixedID("msg_" + String(repeating: "U", count: 26), kind: .message) == nil)
    }

    @Test("ids within one millisecond are unique and increasing")
    func monotonicWithinMillisecond() {
        let generator = PrefixedIDGenerator(clock: { 1_700_000_000_000 })
        var previous = generator.next(.message)
        for _ in 0..<10_000 {
            let next = generator.next(.message)
            #expect(next > previous)
            previous = next
        }
    }

    @Test("ids sort by the time they were made, even when the clock steps back")
    func sortedByTime() {
        let now = Mutex<UInt64>(1_000)
        let generator = PrefixedIDGenerator(clock: { now.withLock { $0 } })
        let first = generator.next(.application)
        now.withLock { $0 = 5_000 }
        let second = generator.next(.application)
        now.withLock { $0 = 4_000 }
        let third = generator.next(.application)
        #expect(first < second)
        #expect(second < third)
    }

    @Test("the time part encodes the milliseconds")
    func timePart() {
        let zero = PrefixedIDGenerator(clock: { 0 }).next(.attempt)
        #expect(zero.rawValue.hasPrefix("atm_0000000000"))
        let max = PrefixedIDGenerator(clock: { (1 << 48) - 1 }).next(.attempt)
        #expect(max.rawValue.hasPrefix("atm_7ZZZZZZZZZ"))
    }

    @Test("ids from many tasks at once never collide")
    func concurrentUniqueness() async {
        let ids = await withTaskGroup(of: [PrefixedID].self) { group in
            for _ in 0..<8 {
                group.addTask { (0..<2_000).map { _ in PrefixedIDGenerator.shared.next(.message) } }
            }
            var all = [PrefixedID]()
            for await chunk in group { all += chunk }
            return all
        }
        #expect(Set(ids).count == 16_000)
    }
}
