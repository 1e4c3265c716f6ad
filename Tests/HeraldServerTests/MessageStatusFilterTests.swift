import Foundation
import HeraldStore
import HeraldTestSupport
import Testing

@Suite("Messages listed by delivery status")
struct MessageStatusFilterTests {
    @Test("status=delivered, failing and pending each list the messages whose deliveries stand so; another value is a 422",
          arguments: StoreBackend.allCases)
    func statusFilter(backend: StoreBackend) async throws {
        let receiver = try await TestReceiver.start()
        receiver.script("/bad", [.status(500)])
        receiver.script("/slow", [.hang])
        try await InProcessServer.run(["--allowed-networks", "127.0.0.1/32", "--request-timeout", "60s"], on: backend) { fixture in
            let app = try await fixture.app()
            for type in ["a.done", "b.fail", "c.wait"] { try await fixture.eventType(type) }
            for (path, type) in [("/ok", "a.done"), ("/bad", "b.fail"), ("/slow", "c.wait")] {
                let made = try await fixture.api.post("/api/v1/apps/\(app)/endpoints",
                                                      #"{"url":"\#(receiver.url(path))","eventTypes":["\#(type)"],"retrySchedule":["1h"]}"#)
                try #require(made.status == 201, "\(made.text)")
            }
            let delivered = try #require(try await fixture.send(app: app, type: "a.done").json["id"] as? String)
            let failing = try #require(try await fixture.send(app: app, type: "b.fail").json["id"] as? String)
            let pending = try #require(try await fixture.send(app: app, type: "c.wait").json["id"] as? String)
            let expected = ["delivered": [delivered], "failing": [failing], "pending": [pending]]

            var listed = [String: [String]]()
            let deadline = ContinuousClock.now + .seconds(20)
            while ContinuousClock.now < deadline {
                for status in expected.keys {
                    let answer = try await fixture.api.get("/api/v1/apps/\(app)/messages?status=\(status)")
                    listed[status] = (answer.json["data"] as? [[String: Any]])?.compactMap { $0["id"] as? String } ?? []
                }
                if listed == expected { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(listed == expected)
            let both = try await fixture.api.get("/api/v1/apps/\(app)/messages?status=failing&eventType=a.done")
            #expect((both.json["data"] as? [Any])?.isEmpty == true, "filters combine")
            let bogus = try await fixture.api.get("/api/v1/apps/\(app)/messages?status=lost")
            #expect(bogus.status == 422 && bogus.text.contains("delivered, pending, failing"))
            // The hanging request ends when its receiver goes, so the server stops at once.
            try await receiver.stop()
        }
    }
}
