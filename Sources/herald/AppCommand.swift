import ArgumentParser
import HeraldAPI
import HeraldClient

/// `herald app …`: manage applications (one per customer of the producer).
struct AppCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "app",
        abstract: "Create, list, show and delete applications.",
        discussion: """
        Example:
          herald app create --name "Acme Corp" --uid acme --metadata plan=pro
        """,
        subcommands: [Create.self, List.self, Show.self, Delete.self]
    )

    /// `herald app create`.
    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create an application.",
            discussion: """
            Example:
              herald app create --name "Acme Corp" --uid acme \\
                --metadata plan=pro --metadata region=eu
            """
        )

        @OptionGroup var client: ClientOptions

        @Option(help: "A display name, 1 to 256 characters.")
        var name: String

        @Option(help: "Your own unique id for it (letters, digits, '-', '_', '.'); usable instead of its app_ id.")
        var uid: String?

        @Option(help: ArgumentHelp("A metadata pair; repeat for several.", valueName: "key=value"))
        var metadata: [String] = []

        func run() async throws {
            let pairs = try ArgumentValues.pairs(metadata, separator: "=", option: "--metadata")
            let body = ApplicationIn(name: name, uid: uid, metadata: pairs.isEmpty ? nil : pairs)
            let app = try await client.withClient { try await $0.createApp(body) }
            if client.json { try Output.printJSON(app) } else { print(app.fieldsText) }
        }
    }

    /// `herald app list`.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List applications, newest first.",
            discussion: """
            Example:
              herald app list --limit 20
            """
        )

        @OptionGroup var client: ClientOptions
        @OptionGroup var page: PageOptions

        func run() async throws {
            let list = try await client.withClient { try await $0.listApps(limit: page.limit, cursor: page.cursor) }
            if client.json { try Output.printJSON(list) } else {
                list.printTable(header: ApplicationOut.tableHeader, empty: "no applications", row: \.tableRow)
            }
        }
    }

    /// `herald app show`.
    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show one application.",
            discussion: """
            Example:
              herald app show acme
            """
        )

        @OptionGroup var client: ClientOptions

        @Argument(help: "The application's app_ id or uid.")
        var app: String

        func run() async throws {
            let found = try await client.withClient { try await $0.app(app) }
            if client.json { try Output.printJSON(found) } else { print(found.fieldsText) }
        }
    }

    /// `herald app delete`.
    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Delete an application with its endpoints and messages.",
            discussion: """
            Prints nothing with --json (the server answers 204 No Content).

            Example:
              herald app delete acme
            """
        )

        @OptionGroup var client: ClientOptions

        @Argument(help: "The application's app_ id or uid.")
        var app: String

        func run() async throws {
            try await client.withClient { try await $0.deleteApp(app) }
            if !client.json { print("deleted application \(app)") }
        }
    }
}
