import Foundation
import HeraldTestSupport
import Testing

/// Several real `herald serve` processes on one PostgreSQL database, delivering to one loopback
/// receiver: one application whose endpoint `i` takes only the event type `scenario.ep<i>` and
/// receives at `/ep<i>`. The first process creates them; the others start afterwards.
final class ProcessGroup: Sendable {
    let database: String
    let receiver: TestReceiver
    /// The processes, in start order.
    let processes: [ServerProcess]
    let app: String
    /// Endpoint ids, by index.
    let endpoints: [String]

    private init(database: String, receiver: TestReceiver, processes: [ServerProcess], app: String, endpoints: [String]) {
        self.database = database
        self.receiver = receiver
        self.processes = processes
        self.app = app
        self.endpoints = endpoints
    }

    /// Starts `count` processes on `database` with `arguments` (besides the database and the
    /// loopback allowance) and sets up the application and `endpointCount` endpoints.
    static func start(database: String, processes count: Int, endpoints endpointCount: Int, arguments: [String] = []) async throws -> ProcessGroup {
        let receiver = try await TestReceiver.start()
        let shared = ["--database", database, "--allowed-networks", "127.0.0.1/32"] + arguments
        let first = try await ServerProcess.start(arguments: shared)
        let app = try await first.app()
        var endpoints = [String]()
        for index in 0..<endpointCount {
            try await first.eventType(eventType(index))
            endpoints.append(try await first.endpoint(app: app, url: receiver.url(path(index)), eventTypes: [eventType(index)]))
        }
        var processes = [first]
        for _ in 1..<count {
            processes.append(try await ServerProcess.start(arguments: shared))
        }
        return ProcessGroup(database: database, receiver: receiver, processes: processes, app: app, endpoints: endpoints)
    }

    /// The event type endpoint `index` takes.
    static func eventType(_ index: Int) -> String { "scenario.ep\(index)" }

    /// The receiver's path of endpoint `index`.
    static func path(_ index: Int) -> String { "/ep\(index)" }

    /// The processes' ids, in start order.
    var processIdentifiers: [Int32] { processes.map(\.processIdentifier) }

    /// Waits until the receiver has at least `count` requests, or `timeout` has passed; returns
    /// how many it has.
    @discardableResult
    func waitForRequests(_ count: Int, timeout: Duration) async throws -> Int {
        let deadline = ContinuousClock.now + timeout
        while receiver.count() < count && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(100))
        }
        return receiver.count()
    }

    /// Waits until every key of `expected` was received (see ``DeliveryLedger``), or `timeout`
    /// has passed; returns the ledger of what arrived.
    func waitForDeliveries(of expected: Set<DeliveryKey>, timeout: Duration) async throws -> DeliveryLedger {
        let deadline = ContinuousClock.now + timeout
        while true {
            if receiver.count() >= expected.count {
                let ledger = DeliveryLedger(receiver.requests())
                if expected.isSubset(of: ledger.keys) || ContinuousClock.now >= deadline { return ledger }
            } else if ContinuousClock.now >= deadline {
                return DeliveryLedger(receiver.requests())
            }
            try await Task.sleep(for: .milliseconds(200))
        }
    }

    /// Waits until no delivery waits or is leased any more (every attempt made was recorded),
    /// or `timeout` has passed; returns the deliveries counted by status then.
    func waitUntilSettled(timeout: Duration) async throws -> [String: Int] {
        let deadline = ContinuousClock.now + timeout
        while true {
            let statuses = try await DeliveryTable.statusCounts(database)
            let unsettled = ["in_flight", "pending", "failed"].contains { statuses[$0] != nil }
            if !unsettled || ContinuousClock.now >= deadline { return statuses }
            try await Task.sleep(for: .milliseconds(250))
        }
    }

    /// The lines of every process's output that report a warning or an error.
    var complaints: [String] {
        processes.enumerated().flatMap { index, process in
            process.printed.split(separator: "\n").filter { $0.contains("warning") || $0.contains("error") || $0.contains("critical") }
                .map { "process \(index): \($0)" }
        }
    }

    /// SIGTERM to every process still running (SIGKILL to one still running 30 s later), then
    /// the receiver stops. Returns the processes that needed the SIGKILL.
    @discardableResult
    func stop() async -> [Int] {
        var killed = [Int]()
        for (index, process) in processes.enumerated() {
            if await process.stop(within: .seconds(30)) == nil {
                killed.append(index)
                progress("process \(index) was still running 30 s after SIGTERM; its last lines:\n\(process.printed.split(separator: "\n").suffix(20).joined(separator: "\n"))")
            }
        }
        try? await receiver.stop()
        return killed
    }
}

/// How many messages a scenario posts: `slow` when `HERALD_SLOW_TESTS=1` (CI sets it), else `quick`.
enum ScenarioScale {
    static let isSlow = ProcessInfo.processInfo.environment["HERALD_SLOW_TESTS"] == "1"

    static func messages(slow: Int, quick: Int) -> Int { isSlow ? slow : quick }
}

/// A line on standard error at once (standard output is buffered when it is not a terminal):
/// where a long scenario is, for whoever watches it run.
func progress(_ text: String) {
    FileHandle.standardError.write(Data("[\(Date())] \(text)\n".utf8))
}
