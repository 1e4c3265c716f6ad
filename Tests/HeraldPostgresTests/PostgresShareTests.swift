import HeraldPostgres
import HeraldStore
import HeraldTestSupport
import Testing

/// An endpoint's limits divided between the processes sharing one database.
@Suite("PostgreSQL endpoint shares")
struct PostgresShareTests {
    let now: Int64 = 1_800_000_000_000

    func request(_ endpoint: String = "ep_A", concurrency: Int = 4, rate: Int? = nil, inFlight: Int = 0, wanted: Bool = true, leaseFor: Int64 = 60_000,
                 opened: Int64? = nil, closed: Bool = false, at time: Int64? = nil) -> EndpointShareRequest {
        EndpointShareRequest(endpointID: endpoint, concurrency: concurrency, rateLimit: rate, inFlight: inFlight, wanted: wanted,
                             leaseUntil: (time ?? now) + leaseFor, circuitOpenedUntil: opened, circuitClosed: closed)
    }

    @Test("the first process takes a fair part; the others get only what is free, and the first gives back at its next renewal, keeping what is on the wire")
    func fairParts() async throws {
        let url = try await TestPostgres.server().makeDatabase()
        try await PostgresStores.withRunning { open in
            let stores = [try await open(url), try await open(url), try await open(url)]
            let alone = try await stores[0].renewShares([request()], now: now)
            #expect(alone.map(\.slots) == [4], "alone: the whole concurrency")

            let second = try await stores[1].renewShares([request()], now: now)
            #expect(second.map(\.slots) == [0], "nothing free while the first holds all four")
            let third = try await stores[2].renewShares([request()], now: now)
            #expect(third.map(\.slots) == [0])

            // The first has three on the wire: it keeps three recorded, may start none beyond its fair part.
            let first = try await stores[0].renewShares([request(inFlight: 3)], now: now + 1000)
            let firstSlots = try #require(first.first?.slots)
            #expect(firstSlots <= 2, "a fair part of 4 among 3 is 1 or 2, got \(firstSlots)")
            let secondAgain = try await stores[1].renewShares([request()], now: now + 1000)
            #expect(secondAgain.first!.slots == 1, "4 - 3 on the wire = 1 free")

            // Its requests ended: everything is divided fairly.
            _ = try await stores[0].renewShares([request(inFlight: 0)], now: now + 2000)
            var total = 0
            for store in stores {
                total += try await store.renewShares([request()], now: now + 3000).first!.slots
            }
            let parts = try await withThrowingTaskGroup(of: Int.self) { group in
                for store in stores { group.addTask { try await store.renewShares([self.request()], now: self.now + 4000).first!.slots } }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(parts.sorted() == [1, 1, 2], "4 slots among 3 processes: \(parts)")
            #expect(total <= 4)
        }
    }

    @Test("at no time do the slots granted to concurrent renewals add up to more than the concurrency")
    func neverMoreThanTheLimit() async throws {
        let url = try await TestPostgres.server().makeDatabase()
        try await PostgresStores.withRunning { open in
            let stores = [try await open(url), try await open(url), try await open(url)]
            // Each process uses what it was granted (in flight = its grant) and renews many times
            // concurrently with the others; the recorded slots never exceed 4 in total.
            let held = try await withThrowingTaskGroup(of: [Int].self) { group in
                for store in stores {
                    group.addTask {
                        var inFlight = 0
                        var seen = [Int]()
                        for round in 0..<40 {
                            let share = try await store.renewShares([self.request(inFlight: inFlight, at: self.now + Int64(round) * 10)], now: self.now + Int64(round) * 10)
                            inFlight = share[0].slots
                            seen.append(inFlight)
                        }
                        return seen
                    }
                }
                return try await group.reduce(into: [[Int]]()) { $0.append($1) }
            }
            #expect(held.allSatisfy { $0.allSatisfy { $0 <= 4 } })
            let rows = try await TestPostgres.integer(url: url, "SELECT COALESCE(SUM(slots), 0)::BIGINT FROM endpoint_shares WHERE endpoint_id = 'ep_A'")
            #expect(rows <= 4, "recorded slots: \(rows)")
            #expect(held.map { $0.last! }.reduce(0, +) >= 3, "settled into a division that uses the endpoint: \(held.map { $0.last! })")
        }
    }

    @Test("a share given back, or whose lease ended, frees its slots for the others")
    func givenBackAndExpired() async throws {
        let url = try await TestPostgres.server().makeDatabase()
        try await PostgresStores.withRunning { open in
            let a = try await open(url)
            let b = try await open(url)
            #expect(try await a.renewShares([request(leaseFor: 5000)], now: now).first?.slots == 4)
            #expect(try await b.renewShares([request()], now: now).first?.slots == 0)
            #expect(try await b.renewShares([request()], now: now + 5001).first?.slots == 4, "the first's lease ended: all four are free")
            _ = try await a.renewShares([request(wanted: false, at: now + 5001)], now: now + 5001)
            #expect(try await b.renewShares([request(inFlight: 4)], now: now + 6000).first?.slots == 4, "gave back: the second holds all four")
        }
    }

    @Test("an endpoint's rate is divided: the rates granted add up to at most its limit")
    func rateDivided() async throws {
        let url = try await TestPostgres.server().makeDatabase()
        try await PostgresStores.withRunning { open in
            let stores = [try await open(url), try await open(url), try await open(url)]
            for round in 0..<3 {
                for store in stores { _ = try await store.renewShares([request(rate: 20)], now: now + Int64(round) * 1000) }
            }
            var rates = [Double]()
            for store in stores { rates.append(try #require(try await store.renewShares([request(rate: 20)], now: now + 4000).first?.ratePerSecond)) }
            #expect(rates.reduce(0, +) <= 20.000_1, "\(rates)")
            #expect(rates.allSatisfy { abs($0 - 20.0 / 3) < 0.01 }, "a third each once settled: \(rates)")
            #expect(try await stores[0].renewShares([request()], now: now + 5000).first?.ratePerSecond == nil, "no rate limit: no rate")
        }
    }

    @Test("a circuit opened by one process stops every process; after the cool-down one process probes; a success closes it for all")
    func sharedCircuit() async throws {
        let url = try await TestPostgres.server().makeDatabase()
        try await PostgresStores.withRunning { open in
            let a = try await open(url)
            let b = try await open(url)
            _ = try await a.renewShares([request()], now: now)
            _ = try await b.renewShares([request()], now: now)
            let opened = try await a.renewShares([request(opened: now + 10_000)], now: now + 100)
            #expect(opened.first?.slots == 0)
            #expect(opened.first?.circuitOpenUntil == now + 10_000)
            let other = try await b.renewShares([request()], now: now + 200)
            #expect(other.first?.slots == 0, "open for every process")
            #expect(other.first?.circuitOpenUntil == now + 10_000)

            let probe = try await b.renewShares([request()], now: now + 10_001)
            #expect(probe.first?.slots == 1, "after the cool-down, the first to ask probes")
            let notProbe = try await a.renewShares([request()], now: now + 10_002)
            #expect(notProbe.first?.slots == 0, "one probe for all processes")

            let closed = try await b.renewShares([request(inFlight: 0, closed: true)], now: now + 10_500)
            #expect(closed.first?.circuitOpenUntil == nil)
            let afterwards = try await a.renewShares([request()], now: now + 11_000)
            #expect(afterwards.first?.circuitOpenUntil == nil)
            #expect((afterwards.first?.slots ?? 0) >= 1, "closed: slots again")
        }
    }
}
