import ArgumentParser
import HeraldAPI
import HeraldClient

/// `herald endpoint …`: manage an application's endpoints and their signing secrets.
struct EndpointCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "endpoint",
        abstract: "Create, list, show, update and delete endpoints; read and rotate their secrets.",
        discussion: """
        Example:
          herald endpoint create --app acme --url https://example.com/hooks \\
            --event-type order.created
        """,
        subcommands: [Create.self, List.self, Show.self, Update.self, Delete.self, Secret.self, RotateSecret.self, Test.self]
    )

    /// `--enabled` or `--disabled`.
    enum State: String, EnumerableFlag {
        case enabled, disabled

        static func help(for value: State) -> ArgumentHelp? {
            switch value {
            case .enabled: "Deliver messages to the endpoint."
            case .disabled: "Deliver nothing to the endpoint until it is enabled."
            }
        }
    }

    /// The fields `create` and `update` both set, but the URL (required by one, not the other).
    struct FieldOptions: ParsableArguments {
        @Option(help: "Free text.")
        var description: String?

        @Option(name: .customLong("event-type"), help: ArgumentHelp("Only receive this event type; repeat for several (default: all).", valueName: "name"))
        var eventTypes: [String] = []

        @Flag(exclusivity: .exclusive)
        var state: State?

        @Option(help: ArgumentHelp("At most this many requests per second.", valueName: "n"))
        var rateLimit: Int?

        @Option(name: .customLong("header"), help: ArgumentHelp("An extra header sent with every request; repeat for several.", valueName: "Name:Value"))
        var headers: [String] = []

        /// The `--header` values as a dictionary; nil when none was given.
        func parsedHeaders() throws -> [String: String]? {
            headers.isEmpty ? nil : try ArgumentValues.pairs(headers, separator: ":", option: "--header")
        }
    }

    /// `herald endpoint create`.
    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add an endpoint to an application.",
            discussion: """
            A signing secret is generated unless --secret gives one; 'herald endpoint secret' shows it.

            Example:
              herald endpoint create --app acme --url https://example.com/hooks \\
                --event-type order.created --event-type order.paid \\
                --rate-limit 10 --header 'X-Env: prod'
            """
        )

        @OptionGroup var client: ClientOptions

        @Option(help: "The application's app_ id or uid.")
        var app: String

        @Option(help: "Where messages are POSTed: an http or https URL.")
        var url: String

        @OptionGroup var fields: FieldOptions

        @Option(help: ArgumentHelp("The signing secret to use (whsec_…); one is generated when absent.", valueName: "whsec_…"))
        var secret: String?

        func run() async throws {
            let body = EndpointIn(
                url: url,
                description: fields.description,
                eventTypes: fields.eventTypes.isEmpty ? nil : fields.eventTypes,
                disabled: fields.state.map { $0 == .disabled },
                rateLimit: fields.rateLimit,
                headers: try fields.parsedHeaders(),
                secret: secret
            )
            let endpoint = try await client.withClient { try await $0.createEndpoint(app: app, body) }
            if client.json { try Output.printJSON(endpoint) } else { print(endpoint.fieldsText) }
        }
    }

    /// `herald endpoint list`.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List an application's endpoints.",
            discussion: """
            Example:
              herald endpoint list --app acme
            """
        )

        @OptionGroup var client: ClientOptions

        @Option(help: "The application's app_ id or uid.")
        var app: String

        @OptionGroup var page: PageOptions

        func run() async throws {
            let list = try await client.withClient { try await $0.listEndpoints(app: app, limit: page.limit, cursor: page.cursor) }
            if client.json { try Output.printJSON(list) } else {
                list.printTable(header: EndpointOut.tableHeader, empty: "no endpoints", row: \.tableRow)
            }
        }
    }

    /// `herald endpoint show`.
    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show one endpoint.",
            discussion: """
            Example:
              herald endpoint show --app acme ep_2yJ8…
            """
        )

        @OptionGroup var client: ClientOptions

        @Option(help: "The application's app_ id or uid.")
        var app: String

        @Argument(help: "The endpoint's ep_ id.")
        var endpoint: String

        func run() async throws {
            let found = try await client.withClient { try await $0.endpoint(app: app, id: endpoint) }
            if client.json { try Output.printJSON(found) } else { print(found.fieldsText) }
        }
    }

    /// `herald endpoint update`.
    struct Update: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Change an endpoint; options not given stay as they are.",
            discussion: """
            --event-type and --header replace the whole list. --secret replaces the signing secret by a rotation: the old one keeps signing for the server's default grace period (use 'herald endpoint rotate-secret --grace-period' to choose it).

            Examples:
              herald endpoint update --app acme ep_2yJ8… --disabled
              herald endpoint update --app acme ep_2yJ8… --no-rate-limit \\
                --url https://example.com/v2/hooks
            """
        )

        @OptionGroup var client: ClientOptions

        @Option(help: "The application's app_ id or uid.")
        var app: String

        @Argument(help: "The endpoint's ep_ id.")
        var endpoint: String

        @Option(help: "A new URL to POST messages to.")
        var url: String?

        @OptionGroup var fields: FieldOptions

        @Flag(help: "Remove the rate limit.")
        var noRateLimit = false

        @Flag(help: "Receive every event type again (clears the --event-type filter).")
        var allEventTypes = false

        @Flag(help: "Remove all extra headers.")
        var noHeaders = false

        @Option(help: ArgumentHelp("A new signing secret (whsec_…), set by a rotation.", valueName: "whsec_…"))
        var secret: String?

        func run() async throws {
            if noRateLimit, fields.rateLimit != nil { throw fail("give --rate-limit or --no-rate-limit, not both") }
            if allEventTypes, !fields.eventTypes.isEmpty { throw fail("give --event-type or --all-event-types, not both") }
            if noHeaders, !fields.headers.isEmpty { throw fail("give --header or --no-headers, not both") }
            let patch = EndpointPatch(
                url: url,
                description: fields.description,
                eventTypes: allEventTypes ? [] : (fields.eventTypes.isEmpty ? nil : fields.eventTypes),
                disabled: fields.state.map { $0 == .disabled },
                rateLimit: fields.rateLimit,
                headers: noHeaders ? [:] : try fields.parsedHeaders()
            )
            let changesFields = patch.url != nil || patch.description != nil || patch.eventTypes != nil
                || patch.disabled != nil || patch.rateLimit != nil || patch.headers != nil || noRateLimit
            guard changesFields || secret != nil else {
                throw fail("nothing to change: give at least one option to update (see --help)")
            }
            let updated = try await client.withClient { herald in
                var result: EndpointOut?
                if changesFields {
                    result = try await herald.updateEndpoint(app: app, id: endpoint, patch, removeRateLimit: noRateLimit)
                }
                if let secret {
                    _ = try await herald.rotateEndpointSecret(app: app, endpoint: endpoint, SecretRotationIn(key: secret))
                }
                if let result { return result }
                return try await herald.endpoint(app: app, id: endpoint)
            }
            if client.json { try Output.printJSON(updated) } else { print(updated.fieldsText) }
        }
    }

    /// `herald endpoint delete`.
    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Delete an endpoint.",
            discussion: """
            Prints nothing with --json (the server answers 204 No Content).

            Example:
              herald endpoint delete --app acme ep_2yJ8…
            """
        )

        @OptionGroup var client: ClientOptions

        @Option(help: "The application's app_ id or uid.")
        var app: String

        @Argument(help: "The endpoint's ep_ id.")
        var endpoint: String

        func run() async throws {
            try await client.withClient { try await $0.deleteEndpoint(app: app, id: endpoint) }
            if !client.json { print("deleted endpoint \(endpoint)") }
        }
    }
}
