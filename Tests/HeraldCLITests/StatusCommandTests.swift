import Foundation
import HeraldTestSupport
import Synchronization
import Testing

@Suite("herald status")
struct StatusCommandTests {
    @Test("one screen names the health, the queue, the last hour, the failing endpoint and the firing alert; --json and --watch work")
    func status() async throws {
        try await DeliveryFixture.run(["--alert-interval", "1s", "--retry-schedule", "1h", "--circuit-breaker-threshold", "100"]) { setup in
            let rule = try await setup.api.post("/api/v1/alert-rules",
                                                #"{"name":"fast-failing","kind":"endpoint_failure_rate","threshold":0.5,"windowSeconds":60,"minimumCount":3}"#)
            try #require(rule.status == 201)
            setup.receiver.script("/hook", [.status(503)])
            let endpoint = try await setup.endpoint()
            for index in 0..<3 { _ = try await setup.send(#"{"n":\#(index)}"#) }
            let deadline = ContinuousClock.now + .seconds(20)
            while (try await setup.api.get("/api/v1/alerts").json["data"] as? [Any])?.isEmpty != false, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(100))
            }
            let environment = ["HERALD_SERVER": setup.server.baseURL, "HERALD_API_TOKEN": setup.server.token]

            let screen = try await HeraldProcess.run(["status"], environment: environment)
            #expect(screen.status == 0, "\(screen.standardError)")
            let text = screen.standardOutput
            #expect(text.contains("Health     ok (store ok, dispatcher running)"), "\(text)")
            #expect(text.contains("Queue      0 due · 3 scheduled · 0 in flight · nothing waiting past its time"), "the failed three wait an hour: \(text)")
            #expect(text.contains("Last hour  3 messages · 3 attempts · 0.0 % delivered"), "\(text)")
            #expect(text.contains("Failures   5xx 3"), "\(text)")
            #expect(text.contains("Endpoints  1 (1 failing, 0 circuit open, 0 disabled)"), "\(text)")
            #expect(text.contains("failing since") && text.contains(endpoint.id), "\(text)")
            #expect(text.contains("Alerts     fast-failing on \(endpoint.id)"), "\(text)")

            let json = try await HeraldProcess.run(["status", "--json"], environment: environment)
            let document = try #require(try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any], "\(json.standardOutput)")
            #expect((document["health"] as? [String: Any])?["dispatcher"] as? String == "running")
            #expect((document["alerts"] as? [[String: Any]])?.first?["rule"] as? String == "fast-failing")
            #expect((document["lastHour"] as? [String: Any])?["attempts"] as? Int == 3)
            let queue = try #require((document["lastHour"] as? [String: Any])?["queue"] as? [String: Any], "\(json.standardOutput)")
            #expect(queue["scheduled"] as? Int == 3 && queue["due"] as? Int == 0 && queue["inFlight"] as? Int == 0, "\(queue)")

            let bad = try await HeraldProcess.run(["status", "--watch", "--interval", "0s"], environment: environment)
            #expect(bad.status == 2 && bad.standardError.contains("--interval"))

            // --watch redraws until interrupted.
            let watching = SpawnedProcess()
            watching.executableURL = HeraldProcess.executable
            watching.arguments = ["status", "--watch", "--interval", "1s"]
            watching.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
            let pipe = Pipe()
            watching.standardOutput = pipe
            let printed = Mutex(Data())
            pipe.fileHandleForReading.readabilityHandler = { handle in
                let chunk = handle.availableData
                printed.withLock { $0.append(chunk) }
            }
            try watching.run()
            // Two screens, however long a loaded machine takes to start it and draw the first.
            let started = ContinuousClock.now
            var watched = ""
            while ContinuousClock.now - started < .seconds(30) {
                try await Task.sleep(for: .milliseconds(200))
                watched = String(decoding: printed.withLock { $0 }, as: UTF8.self)
                if watched.components(separatedBy: "Herald at ").count - 1 >= 2 { break }
            }
            let took = ContinuousClock.now - started
            watching.terminate()
            watching.waitUntilExit()
            pipe.fileHandleForReading.readabilityHandler = nil
            let screens = watched.components(separatedBy: "Herald at ").count - 1
            #expect(screens >= 2, "\(screens) screens in \(took) at 1 s: \(watched)")
            #expect(watched.contains("\u{1B}[H\u{1B}[2J"), "each screen is drawn in place")
        }
    }
}
