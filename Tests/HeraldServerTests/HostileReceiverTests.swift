import Foundation
import HeraldTestSupport
import Testing

/// Every attempt ends by its deadline, whatever the receiver does, and reads only the part of
/// the answer Herald keeps.
@Suite("Hostile receivers")
struct HostileReceiverTests {
    /// The longest a 1 s deadline may take to show in a recorded attempt: the deadline and the
    /// scheduling delay of a 2-core machine that runs the rest of the suite beside this test
    /// (2.3 s was seen in CI, so a wide margin). A missing deadline shows as an attempt that never
    /// ends, or one that takes the 30 s of the request timeout it was meant to replace.
    static let oneSecondDeadline = Duration.seconds(10)

    /// Sends one message to an endpoint on `receiver` with a 1 s request timeout, on a server on
    /// `backend`; returns its first attempt.
    private func firstAttempt(to receiver: HostileReceiver, on backend: StoreBackend, requestTimeout: String = "1s", endpointOptions: String = "") async throws
        -> [String: Any] {
        let json = try await DeliveryFixture.run(["--request-timeout", requestTimeout, "--retry-schedule", "1h"], on: backend) { setup in
            let answer = try await setup.api.post("/api/v1/apps/\(setup.app)/endpoints", #"{"url":"\#(receiver.url())"\#(endpointOptions)}"#)
            try #require(answer.status == 201, "\(answer.text)")
            let message = try await setup.send()
            let attempt = try #require(try await setup.attempts(message, atLeast: 1, timeout: .seconds(30)).first)
            return try JSONSerialization.data(withJSONObject: attempt)
        }
        return try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
    }

    /// How long the attempt took, from its start to its end, as Herald recorded it: the deadline's
    /// measure. (How long after the send it was on record also counts the dispatcher picking the
    /// message up and the record's write, which a loaded machine stretches by seconds.)
    private func duration(_ attempt: [String: Any]) -> Duration {
        .milliseconds(attempt["durationMs"] as? Int ?? Int(Int32.max))
    }

    @Test("a connection accepted and never answered ends as a timeout at the deadline", .timeLimit(.minutes(3)),
          arguments: StoreBackend.allCases)
    func silent(backend: StoreBackend) async throws {
        let receiver = try await HostileReceiver.start(.silent)
        defer { Task { await receiver.stop() } }
        let attempt = try await firstAttempt(to: receiver, on: backend)
        #expect(attempt["errorKind"] as? String == "timeout", "\(attempt)")
        #expect(duration(attempt) < Self.oneSecondDeadline, "the 1 s deadline: \(attempt)")
        try await expectClosed(receiver)
    }

    @Test("an endpoint's timeoutMs replaces --request-timeout for its attempts", .timeLimit(.minutes(3)),
          arguments: StoreBackend.allCases)
    func endpointTimeout(backend: StoreBackend) async throws {
        let receiver = try await HostileReceiver.start(.silent)
        defer { Task { await receiver.stop() } }
        let attempt = try await firstAttempt(to: receiver, on: backend, requestTimeout: "30s", endpointOptions: #","timeoutMs":1000"#)
        #expect(attempt["errorKind"] as? String == "timeout", "\(attempt)")
        #expect((attempt["errorMessage"] as? String ?? "").contains("1000 ms"), "\(attempt)")
        #expect(duration(attempt) < Self.oneSecondDeadline, "1 s, not 30 s: \(attempt)")
    }

    @Test("a body trickled one byte at a time ends as a timeout at the deadline", .timeLimit(.minutes(3)),
          arguments: StoreBackend.allCases)
    func trickle(backend: StoreBackend) async throws {
        let receiver = try await HostileReceiver.start(.trickleBody(interval: .milliseconds(100)))
        defer { Task { await receiver.stop() } }
        let attempt = try await firstAttempt(to: receiver, on: backend)
        #expect(attempt["errorKind"] as? String == "timeout", "\(attempt)")
        #expect(duration(attempt) < Self.oneSecondDeadline, "the 1 s deadline: \(attempt)")
        try await expectClosed(receiver)
    }

    @Test("a response head that never ends ends as a timeout at the deadline", .timeLimit(.minutes(3)),
          arguments: StoreBackend.allCases)
    func endlessHeaders(backend: StoreBackend) async throws {
        let receiver = try await HostileReceiver.start(.endlessHeaders(interval: .milliseconds(20)))
        defer { Task { await receiver.stop() } }
        let attempt = try await firstAttempt(to: receiver, on: backend)
        #expect(attempt["status"] as? String == "failed", "\(attempt)")
        #expect(attempt["responseStatusCode"] == nil || attempt["responseStatusCode"] is NSNull, "no answer was taken from an unfinished head")
        #expect(duration(attempt) < Self.oneSecondDeadline, "the 1 s deadline: \(attempt)")
        try await expectClosed(receiver)
    }

    @Test("a 2 GB body is not read: the first 4 KiB are kept, the connection closed, memory stays flat", .timeLimit(.minutes(3)),
          arguments: StoreBackend.allCases)
    func hugeBody(backend: StoreBackend) async throws {
        let receiver = try await HostileReceiver.start(.hugeBody(bytes: 2_000_000_000))
        defer { Task { await receiver.stop() } }
        // A `herald serve` of its own, so that its memory is Herald's alone (the test process
        // runs other suites beside this one). A roomy deadline: this attempt must succeed, and
        // on a loaded machine 1 s can pass before the head is read.
        let flags = try await backend.freshStoreFlags()
        try await ServerProcess.run(flags + ["--allowed-networks", "127.0.0.1/32", "--request-timeout", "10s", "--retry-schedule", "1h"]) { server in
            let app = try await server.app()
            try await server.eventType("order.created")
            let created = try await server.api.post("/api/v1/apps/\(app)/endpoints", #"{"url":"\#(receiver.url())"}"#)
            try #require(created.status == 201, "\(created.text)")
            let residentBefore = try #require(ProcessMemory.residentBytes(of: server.processIdentifier))
            let sent = try await server.send(app: app, type: "order.created")
            let message = try #require(sent.json["id"] as? String, "\(sent.text)")
            let attempt = try #require(try await server.attempts(message, app: app, atLeast: 1, timeout: .seconds(10)).first)
            #expect(attempt["status"] as? String == "succeeded", "a 200 is a 200, whatever follows: \(attempt)")
            #expect((attempt["responseBody"] as? String)?.utf8.count == 4096)
            #expect(duration(attempt) < .seconds(9), "not read to its end, which would take the 10 s timeout: \(attempt)")
            try await expectClosed(receiver)
            // What left the receiver is what the kernel's socket buffers took before the close, not the 2 GB.
            #expect(receiver.bytesWritten < 64 << 20, "\(receiver.bytesWritten) bytes written")
            let grown = try #require(ProcessMemory.residentBytes(of: server.processIdentifier)) - residentBefore
            #expect(grown < 64 << 20, "the server's resident memory grew by \(grown >> 20) MiB")
        }
    }

    /// Herald let go of the receiver's connection.
    private func expectClosed(_ receiver: HostileReceiver) async throws {
        let deadline = ContinuousClock.now + .seconds(15)
        while receiver.open > 0 && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        #expect(receiver.accepted >= 1)
        #expect(receiver.open == 0, "Herald still holds \(receiver.open) connection(s)")
    }
}
