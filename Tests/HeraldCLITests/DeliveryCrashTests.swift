import Foundation
import HeraldTestSupport
import Testing

@Suite("Delivery across a crash", .serialized)
struct DeliveryCrashTests {
    @Test("kill -9 under load, then a restart: every accepted message reaches the endpoint")
    func killNineDuringDelivery() async throws {
        try await killNineUnderLoad(endpointOptions: "")
    }

    @Test("kill -9 under load to a batched endpoint, then a restart: every accepted message arrives, in batches")
    func killNineDuringBatchedDelivery() async throws {
        let batched = try await killNineUnderLoad(endpointOptions: #","batch":{"maxEvents":20,"maxWaitMs":50}"#)
        #expect(batched > 0, "the endpoint received batches")
    }

    /// Posts with 8 clients, kills the server mid-load, restarts it, and expects every accepted
    /// message at the receiver. Returns how many requests were batches.
    @discardableResult
    private func killNineUnderLoad(endpointOptions: String) async throws -> Int {
        let receiver = try await TestReceiver.start()
        defer { Task { try? await receiver.stop() } }
        receiver.script("/hook", [.delay(.milliseconds(5), then: .status(200))])
        let directory = TemporaryDirectory.make()
        let arguments = ["--allowed-networks", "127.0.0.1/32", "--retry-schedule", "1s,1s,1s"]
        let server = try await ServerProcess.start(dataDirectory: directory, arguments: arguments)
        let app = try await server.app()
        try await server.eventType("order.created")
        let endpoint = try await server.api.post("/api/v1/apps/\(app)/endpoints", #"{"url":"\#(receiver.url("/hook"))"\#(endpointOptions)}"#)
        try #require(endpoint.status == 201, "\(endpoint.text)")
        let load = PostingLoad.start(clients: 8) { client, sequence in
            try await server.send(app: app, type: "order.created", payload: #"{"c":\#(client),"n":\#(sequence)}"#)
        }
        // Kill mid-load: after 1.5 s, and once at least 60 messages were accepted.
        try await load.run(atLeast: .milliseconds(1500), untilAccepted: 60, atMost: .seconds(15))
        await server.kill()
        let ids = Set(await load.stop())
        #expect(ids.count > 50, "the load ran: \(ids.count) accepted")
        let beforeRestart = Set(receiver.requests().flatMap(Self.messageIDs))

        let restarted = try await ServerProcess.start(dataDirectory: directory, arguments: arguments)
        defer { Task { await restarted.stop() } }
        let deadline = ContinuousClock.now + .seconds(60)
        var received = Set<String>()
        while ContinuousClock.now < deadline {
            received = Set(receiver.requests().flatMap(Self.messageIDs))
            if ids.isSubset(of: received) { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        let missing = ids.subtracting(received)
        #expect(missing.isEmpty, "\(missing.count) of \(ids.count) accepted messages never arrived (\(beforeRestart.count) had arrived before the kill)")
        let all = receiver.requests().flatMap(Self.messageIDs)
        let duplicates = all.count - Set(all).count
        #expect(duplicates <= 512, "duplicates come only from deliveries in flight at the kill: \(duplicates)")
        return receiver.requests().filter { $0.header("webhook-batch-size") != nil }.count
    }

    /// The message ids a request carried: its `webhook-id`, or a batch's member ids.
    private static func messageIDs(_ request: ReceivedRequest) -> [String] {
        guard request.header("webhook-batch-size") != nil else { return request.header("webhook-id").map { [$0] } ?? [] }
        let members = (try? JSONSerialization.jsonObject(with: Data(request.body))) as? [[String: Any]] ?? []
        return members.compactMap { $0["id"] as? String }
    }
}

@Suite("Delivery across a graceful stop")
struct DeliveryGracefulStopTests {
    @Test("SIGTERM while an attempt is on the wire and others wait: it is recorded, the rest are given back, nothing is sent twice")
    func sigtermRecordsTheAttemptOnTheWire() async throws {
        let receiver = try await TestReceiver.start()
        defer { Task { try? await receiver.stop() } }
        receiver.script("/hook", [.delay(.milliseconds(800), then: .status(200))])
        let directory = TemporaryDirectory.make()
        // One attempt at a time to the endpoint: the other four messages wait in its lane.
        let arguments = ["--allowed-networks", "127.0.0.1/32", "--retry-schedule", "1s", "--endpoint-concurrency", "1"]
        let server = try await ServerProcess.start(dataDirectory: directory, arguments: arguments)
        let app = try await server.app()
        try await server.eventType("order.created")
        _ = try await server.endpoint(app: app, url: receiver.url("/hook"))
        var messages = [String]()
        for index in 0..<5 {
            let sent = try await server.send(app: app, type: "order.created", payload: #"{"n":\#(index)}"#)
            messages.append(try #require(sent.json["id"] as? String))
        }
        let first = try await receiver.waitFor(count: 1, timeout: .seconds(10))
        let onTheWire = try #require(first.first?.header("webhook-id"))
        let stopping = ContinuousClock.now
        // On a loaded machine more than one may have gone out by now (800 ms apart).
        let sentBeforeStop = receiver.count("/hook")
        #expect(await server.stop() == 0, "a graceful stop exits 0")
        // What waits is not sent before the stop: at most one more request (one that started as
        // the signal was on its way); the time bound only guards against a hang.
        #expect(receiver.count("/hook") <= sentBeforeStop + 1,
                "it waits for the attempt on the wire, not for the queued ones: \(sentBeforeStop) sent before SIGTERM, \(receiver.count("/hook")) after")
        #expect(ContinuousClock.now - stopping < .seconds(15), "it waits for the attempt on the wire, not for the queued ones")

        let restarted = try await ServerProcess.start(dataDirectory: directory, arguments: arguments)
        defer { Task { await restarted.stop() } }
        let api = restarted.api
        let attempts = try await api.get("/api/v1/apps/\(app)/messages/\(onTheWire)/attempts").json["data"] as? [[String: Any]] ?? []
        #expect(attempts.count == 1, "the attempt that was on the wire at SIGTERM is on record")
        #expect(attempts.first?["status"] as? String == "succeeded")
        let all = try await receiver.waitFor(count: 5, timeout: .seconds(20))
        #expect(Set(all.compactMap { $0.header("webhook-id") }) == Set(messages), "the given-back ones are delivered after the restart")
        try await Task.sleep(for: .milliseconds(1000))
        #expect(receiver.requests("/hook").filter { $0.header("webhook-id") == onTheWire }.count == 1, "and the recorded one is not made again")
    }

    @Test("SIGTERM while every slot is held by a trickling receiver: the server stops within the request timeout plus a few seconds",
          .timeLimit(.minutes(2)))
    func sigtermWithTricklingReceivers() async throws {
        let receiver = try await HostileReceiver.start(.trickleBody(interval: .milliseconds(200)))
        defer { Task { await receiver.stop() } }
        let directory = TemporaryDirectory.make()
        // The circuit stays closed: on a loaded machine the first attempts can time out before
        // all ten slots fill, and an open circuit would then let one probe through at a time.
        let server = try await ServerProcess.start(dataDirectory: directory, arguments: [
            "--allowed-networks", "127.0.0.1/32", "--request-timeout", "3s", "--circuit-breaker-threshold", "1000",
        ])
        let app = try await server.app()
        try await server.eventType("order.created")
        _ = try await server.endpoint(app: app, url: receiver.url())
        // All at once, so that ten are due within the 3 s of the first attempt however slow each send.
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<20 {
                group.addTask { _ = try await server.send(app: app, type: "order.created", payload: #"{"n":\#(index)}"#) }
            }
            try await group.waitForAll()
        }
        // Polled long enough for a loaded machine. An attempt that timed out meanwhile may not have
        // closed its connection yet when the next delivery opens one, hence at least ten.
        let deadline = ContinuousClock.now + .seconds(30)
        while receiver.open < 10 && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        #expect(receiver.open >= 10, "the endpoint's ten slots are held by the trickling receiver")
        let stopping = ContinuousClock.now
        #expect(await server.stop() == 0, "a graceful stop exits 0")
        let took = ContinuousClock.now - stopping
        // Without deadlines the trickle would hold the stop for minutes; a loaded machine needs room.
        #expect(took < .seconds(3 + 15), "stopped \(took) after SIGTERM")
    }
}
