import ArgumentParser
import Foundation
import HeraldAPI
import HeraldClient

/// `herald send`: send one message (an event) to an application.
struct SendCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "send",
        abstract: "Send a message to an application's endpoints.",
        discussion: """
        The payload is a JSON object given with --data, read from a file with --data @file, or read from standard input when --data is absent. Its bytes are sent exactly as given (only the whitespace around the object is dropped), so receivers get them verbatim.

        Examples:
          herald send --app acme --type order.created --data '{"orderId": "o_1"}'
          herald send --app acme --type order.created --data @order.json --event-id o_1
          cat order.json | herald send --app acme --type order.created \\
            --idempotency-key retry-safe-1
        """
    )

    @OptionGroup var client: ClientOptions

    @Option(help: "The application's app_ id or uid.")
    var app: String

    @Option(help: "The event type, e.g. order.created.")
    var type: String

    @Option(help: ArgumentHelp("The payload: a JSON object, or @file to read it (default: standard input).", valueName: "json|@file"))
    var data: String?

    @Option(help: "Your own id for the event, unique per application: a repeat is refused.")
    var eventId: String?

    @Option(help: "An Idempotency-Key: retrying with the same key returns the first answer.")
    var idempotencyKey: String?

    func run() async throws {
        if data == nil, isatty(STDIN_FILENO) == 1 {
            throw fail("no payload: give --data, --data @file, or pipe JSON to standard input")
        }
        let raw = try data.map { try ArgumentValues.bytes($0, option: "--data") } ?? StandardInput.readAll()
        let payload = ArgumentValues.trimmingJSONWhitespace(raw)
        let source = data == nil ? "standard input" : "--data"
        guard let object = try? JSONSerialization.jsonObject(with: Data(payload), options: [.fragmentsAllowed]) else {
            throw fail(payload.isEmpty ? "no payload: give --data, --data @file, or JSON on standard input" : "\(source): not valid JSON")
        }
        guard object is [String: Any] else { throw fail("\(source): the payload must be a JSON object") }
        let message = try await client.withClient {
            try await $0.sendMessage(app: app, eventType: type, payload: payload, eventId: eventId, idempotencyKey: idempotencyKey)
        }
        if client.json { try Output.printJSON(message) } else { print(message.fieldsText) }
    }
}
