import Foundation
import Herald
import HeraldReceiver
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

/// docs/receiving.md's "From zero" example is Support/ReceivingGuideExample.swift, which this
/// target compiles: the guide shows that file's code, and the code does what the guide says.
@Suite("Receiver: the receiving guide's example")
struct ReceivingGuideExampleTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The guide's Swift code block that starts with `import Foundation` (the example's first
    /// line), without its fences.
    static func guideBlock() throws -> String {
        let guide = try String(contentsOf: repository.appendingPathComponent("docs/receiving.md"), encoding: .utf8)
        let blocks = guide.components(separatedBy: "```swift\n").dropFirst().map { $0.components(separatedBy: "\n```").first ?? "" }
        return try #require(blocks.first { $0.hasPrefix("import Foundation\n") }, "no code block starting with the example's first import")
    }

    /// The compiled example from its first `import` on.
    static func compiledExample() throws -> String {
        let file = try String(contentsOf: repository.appendingPathComponent("Tests/HeraldReceiverTests/Support/ReceivingGuideExample.swift"),
                              encoding: .utf8)
        let start = try #require(file.range(of: "import Foundation\n"))
        return String(file[start.lowerBound...]).trimmingCharacters(in: .newlines)
    }

    @Test("the guide's code block is the compiled example, line for line")
    func guideShowsTheCompiledCode() throws {
        let shown = try Self.guideBlock().components(separatedBy: "\n")
        let compiled = try Self.compiledExample().components(separatedBy: "\n")
        for (index, (guideLine, codeLine)) in zip(shown, compiled).enumerated() where guideLine != codeLine {
            Issue.record("line \(index + 1) differs:\n guide: \(guideLine)\n code:  \(codeLine)")
            break
        }
        #expect(shown.count == compiled.count, "the guide has \(shown.count) lines, the example \(compiled.count)")
    }

    @Test("the example verifies, records and handles a webhook from an allowed sender, and refuses other senders 403")
    func exampleWorks() async throws {
        let secret = TestKeys.secret()
        let inboxPath = ReceiverServer.temporaryInboxPath()
        var logger = Logger(label: "guide-example")
        logger.logLevel = .critical
        let event = SignedWebhook.event(id: "msg_guide", version: "2", data: #"{"id":"ord_1","total":42}"#, keys: [.symmetric(secret)])
        let allowed = try webhookServer(secret: secret.serialized, senders: "127.0.0.1/32, ::1/128", inboxPath: inboxPath, port: 0, logger: logger)
        try await allowed.test(.live) { client in
            let answer = try await client.post(event)
            #expect(answer.status == .ok, "a loopback caller inside the allowlist is accepted: \(answer.text)")
            #expect(answer.text == #"{"received":1,"duplicates":0}"#)
            let inbox = try WebhookReceiver(configuration: ReceiverConfiguration(keys: []), inboxPath: inboxPath, router: WebhookEventRouter())
            #expect(try await HandledEvents.eventually { try await inbox.event(id: "msg_guide")?.status == .handled },
                    "fulfil ran in the background")
        }
        let elsewhere = try webhookServer(secret: secret.serialized, senders: "203.0.113.0/24", inboxPath: ReceiverServer.temporaryInboxPath(),
                                          port: 0, logger: logger)
        try await elsewhere.test(.live) { client in
            let answer = try await client.post(SignedWebhook.event(keys: [.symmetric(secret)]))
            #expect(answer.status == .forbidden)
            #expect(answer.text.contains("sourceNotAllowed"), "\(answer.text)")
        }
    }
}
