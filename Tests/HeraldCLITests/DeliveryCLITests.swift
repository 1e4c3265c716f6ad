import Foundation
import HeraldTestSupport
import Testing

@Suite("herald attempts / resend / recover")
struct DeliveryCLITests {
    @Test("attempts lists what happened; resend and recover bring failed deliveries through")
    func manualRetryFromTheCommandLine() async throws {
        try await DeliveryFixture.run(["--retry-schedule", "1s"]) { setup in
            setup.receiver.script("/hook", [.status(500)])
            let endpoint = try await setup.endpoint()
            let first = try await setup.send()
            let second = try await setup.send(#"{"id":"o2"}"#)
            _ = try await setup.attempts(first, atLeast: 2)
            _ = try await setup.attempts(second, atLeast: 2)
            let environment = ["HERALD_SERVER": setup.server.baseURL, "HERALD_API_TOKEN": setup.server.token]

            let listed = try await HeraldProcess.run(["attempts", "--app", setup.app, "--message", first], environment: environment)
            #expect(listed.status == 0, "\(listed.standardError)")
            #expect(listed.standardOutput.contains("failed"))
            #expect(listed.standardOutput.contains("500"))

            setup.receiver.script("/hook", [.status(200)])
            let resent = try await HeraldProcess.run(["resend", "--app", setup.app, "--message", first, "--endpoint", endpoint.id], environment: environment)
            #expect(resent.status == 0, "\(resent.standardError)")
            #expect(try await setup.attempts(first, atLeast: 3).first?["status"] as? String == "succeeded")

            let recovered = try await HeraldProcess.run(["recover", "--app", setup.app, "--endpoint", endpoint.id, "--since", "1h", "--timeout", "20"], environment: environment)
            #expect(recovered.status == 0, "\(recovered.standardOutput) \(recovered.standardError)")
            #expect(recovered.standardOutput.contains("queued 1 deliveries"))
            #expect(recovered.standardOutput.contains("1/1"))
            #expect(try await setup.attempts(second, atLeast: 3).first?["status"] as? String == "succeeded")

            let bad = try await HeraldProcess.run(["recover", "--app", setup.app, "--endpoint", endpoint.id, "--since", "soon"], environment: environment)
            #expect(bad.status == 2)
        }
    }
}
