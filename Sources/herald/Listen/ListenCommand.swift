import ArgumentParser
import AsyncHTTPClient
import Foundation
import Herald
import HeraldListener
import HeraldReceiver
import Hummingbird
import Logging

/// `herald listen`: a local webhook receiver for development, entirely offline. It verifies
/// every request, prints it readably (or as one JSON object per request), and can forward
/// verified requests to the user's app or answer with rehearsed statuses.
struct ListenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "listen",
        abstract: "Receive webhooks locally: verify each request and print it.",
        discussion: """
        Accepts POST on any path. Each request is printed on standard output (time, path, type,
        webhook-id, whether it verified or which check failed, the JSON body pretty-printed);
        what the listener itself says goes to standard error. Requests that fail verification
        are answered 401 (400 when malformed) unless --no-verify.

        Examples:
          herald listen --port 3000 --secret whsec_...
          herald listen --events 'order.*' --forward-to http://localhost:4000/webhooks
          herald listen --respond 500,500,200          # fail twice, then succeed
          herald listen --format json | jq .type
        """
    )

    @Option(help: "Port to listen on; 0 picks a free one.")
    var port: Int = 3000

    @Option(help: "Interface to listen on.")
    var host: String = "127.0.0.1"

    @Option(name: .long, help: "A whsec_ secret or whpk_ public key to verify with; repeat for several. Without one, a secret is generated and printed.")
    var secret: [String] = []

    @Option(help: "Only show (and forward) events whose type matches: a name or a pattern with *, e.g. order.*; repeat or separate with commas.")
    var events: [String] = []

    @Option(help: "Pass verified requests on to this URL with their original headers and body, and answer with its answer.")
    var forwardTo: String?

    @Option(help: "Answer successive requests with these statuses, e.g. 500,500,200 (the last one repeats).")
    var respond: String?

    @Option(help: "text (readable) or json (one object per line).")
    var format: ListenFormat = .text

    @Flag(help: "Accept and print requests without checking their signatures.")
    var noVerify = false

    @Option(help: "Accepted clock difference in seconds, either way.")
    var tolerance: Int64 = WebhookVerifier.defaultToleranceSeconds

    func validate() throws {
        if forwardTo != nil && respond != nil { throw ValidationError("give --forward-to or --respond, not both") }
        if let forwardTo, URL(string: forwardTo)?.scheme.map({ ["http", "https"].contains($0) }) != true {
            throw ValidationError("--forward-to must be an http:// or https:// URL, such as http://localhost:4000/webhooks")
        }
        if let respond, ListenAnswers(parsing: respond) == nil {
            throw ValidationError("--respond takes HTTP statuses separated by commas, such as 500,500,200")
        }
        if noVerify && !secret.isEmpty { throw ValidationError("--no-verify checks nothing: drop --secret, or drop --no-verify") }
    }

    func run() async throws {
        let output = ListenOutput(format: format)
        var keys = [VerificationKey]()
        for text in secret {
            do { keys.append(try VerificationKey(parsing: text)) } catch { throw fail("--secret: \(error.message)") }
        }
        if keys.isEmpty && !noVerify {
            let generated = try WebhookSecret.generate()
            keys = [.symmetric(generated)]
            output.notice("no --secret given; generated \(generated.serialized) — configure your sender (the endpoint's secret) with it")
        }
        let filter = EventTypeFilter(patterns: events)
        let answers = respond.flatMap(ListenAnswers.init(parsing:))
        let client = forwardTo == nil ? nil : HTTPClient(eventLoopGroupProvider: .singleton, configuration: ListenForwarder.clientConfiguration)
        let forwarder = forwardTo.flatMap(URL.init(string:)).flatMap { url in client.map { ListenForwarder(client: $0, url: url) } }
        let check = noVerify ? nil : WebhookRequestCheck(verifier: WebhookVerifier(keys: keys, toleranceSeconds: tolerance),
                                                        maximumBodyBytes: ListenResponder.maximumBodyBytes)
        let responder = ListenResponder(check: check, filter: filter, answers: answers, forwarder: forwarder, output: output)
        var logger = Logger(label: "herald.listen")
        logger.logLevel = .warning
        let application = Application(
            responder: responder,
            // The same limits as herald serve's: a stalled or slow client cannot hold a connection.
            server: .herald(ListenerConfiguration(), logger: logger),
            configuration: .init(address: .hostname(host, port: port), serverName: "herald-listen"),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? port
                output.notice("listening on http://\(host):\(port) (POST, any path)\(forwardTo.map { "; forwarding to \($0)" } ?? "")")
            },
            logger: logger
        )
        do {
            try await application.runService()
        } catch {
            try? await client?.shutdown()
            throw fail("cannot listen on \(host):\(port): \(error)")
        }
        try? await client?.shutdown()
    }
}

/// How `herald listen` prints requests.
enum ListenFormat: String, ExpressibleByArgument, CaseIterable {
    case text
    case json
}
