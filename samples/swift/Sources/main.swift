// A webhook receiver built on HeraldReceiver: it verifies each request, records each new
// event durably in a SQLite inbox (so duplicates are dropped, even across restarts), answers
// at once, and runs the handler in the background with a timeout and retries.
//
//   PORT=8000 HERALD_SECRET=whsec_… samples/swift/run
//
// One line per request on standard output: `verified <webhook-id> <type>` (a batch:
// `verified <webhook-id> batch <new events>`), `duplicate <webhook-id>` or `rejected <reason>`.

import Foundation
import HeraldListener
import HeraldReceiver
import HeraldReceiverHummingbird
import Hummingbird
import Logging

let environment = ProcessInfo.processInfo.environment
func stop(_ message: String) -> Never {
    FileHandle.standardError.write(Data("error: \(message)\n".utf8))
    exit(2)
}
guard let secret = environment["HERALD_SECRET"], !secret.isEmpty else { stop("set HERALD_SECRET to the endpoint's whsec_… secret") }
guard let port = Int(environment["PORT"] ?? "8000") else { stop("PORT must be a number") }
let inboxPath = environment["HERALD_INBOX"] ?? "webhook-inbox.sqlite"
// How long a client may take to send a request's head, and then its body.
guard let readTimeout = Int(environment["HERALD_READ_TIMEOUT"] ?? "10"), readTimeout > 0 else { stop("HERALD_READ_TIMEOUT must be a number of seconds") }

var configuration: ReceiverConfiguration
do {
    configuration = try ReceiverConfiguration(secrets: [secret])
} catch {
    stop("HERALD_SECRET: \(error)")
}
configuration.handlerTimeout = .seconds(10)

// The work each event type needs, run after the 2xx. Throwing retries it later.
var router = WebhookEventRouter()
router.otherwise { event in
    FileHandle.standardError.write(Data("processed \(event.id) \(event.type)\n".utf8))
}

var logger = Logger(label: "sample-receiver")
logger.logLevel = .error
let receiver = try WebhookReceiver(configuration: configuration, inboxPath: inboxPath, router: router, logger: logger)

/// Prints the one line the contract asks for, then answers: every path, every method (the
/// receiver refuses all but POST).
struct PrintingResponder: HTTPResponder {
    typealias Context = BasicRequestContext
    let receiver: WebhookReceiver

    func respond(to request: Request, context: Context) async throws -> Response {
        let answer = try await receiver.answer(request, context: context)
        FileHandle.standardOutput.write(Data((Self.line(for: answer) + "\n").utf8))
        return answer.response
    }

    static func line(for answer: ReceiverAnswer) -> String {
        switch answer.outcome {
        case .rejected(let rejection):
            "rejected \(rejection.code.rawValue)"
        case .accepted(let request, let new, _) where new == 0:
            "duplicate \(request.requestID)"
        case .accepted(let request, let new, _) where request.isBatch:
            "verified \(request.requestID) batch \(new)"
        case .accepted(let request, _, _):
            "verified \(request.requestID) \(request.events.first?.type ?? "-")"
        }
    }
}

var listenerLimits = ListenerConfiguration()
listenerLimits.requestHeadTimeout = .seconds(readTimeout)
listenerLimits.requestBodyTimeout = .seconds(readTimeout)
listenerLimits.idleTimeout = .seconds(60)

let application = Application(
    responder: PrintingResponder(receiver: receiver),
    server: .herald(listenerLimits, logger: logger),
    configuration: .init(address: .hostname("127.0.0.1", port: port), serverName: "herald-sample"),
    services: [receiver],
    logger: logger
)
try await application.runService()
