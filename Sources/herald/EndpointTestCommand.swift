import ArgumentParser
import HeraldAPI
import HeraldClient

extension EndpointCommand {
    /// `herald endpoint test`.
    struct Test: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "test",
            abstract: "Send an example event to an endpoint now and show its attempt.",
            discussion: """
            The payload is built from the event type's schema ({"test":true} without one). The
            message is delivered to this endpoint alone and listed with the others.

            Examples:
              herald endpoint test --app acme ep_2yJ8…
              herald endpoint test --app acme ep_2yJ8… --event-type order.created
            """
        )

        @OptionGroup var client: ClientOptions

        @Option(help: "The application's app_ id or uid.")
        var app: String

        @Argument(help: "The endpoint's ep_ id.")
        var endpoint: String

        @Option(help: "The event type (default: the endpoint's first, else the catalog's first).")
        var eventType: String?

        func run() async throws {
            let result = try await client.withClient { try await $0.testEndpoint(app: app, endpoint: endpoint, EndpointTestIn(eventType: eventType)) }
            if client.json { return try Output.printJSON(result) }
            print("message    \(result.message.id) (\(result.message.eventType))")
            guard let attempt = result.attempt else {
                return print("attempt    not recorded yet: the message is queued; 'herald attempts --app \(app) --message \(result.message.id)' shows it")
            }
            let answer = attempt.responseStatusCode.map { "HTTP \($0)" } ?? (attempt.errorKind ?? "no answer")
            print("attempt    \(attempt.status): \(answer) in \(attempt.durationMs) ms\(attempt.errorMessage.map { " (\($0))" } ?? "")")
            if attempt.status != "succeeded" { throw ExitCode(1) }
        }
    }
}
