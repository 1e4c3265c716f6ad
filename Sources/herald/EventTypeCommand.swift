import ArgumentParser
import Foundation
import HeraldAPI
import HeraldClient

/// `herald event-type …`: manage the event catalog.
struct EventTypeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "event-type",
        abstract: "Create, list and show event types.",
        discussion: """
        Example:
          herald event-type create --name order.created --description "Order placed"
        """,
        subcommands: [Create.self, List.self, Show.self]
    )

    /// `herald event-type create`.
    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add an event type to the catalog.",
            discussion: """
            --schema takes a JSON Schema inline or, prefixed with @, from a file; every payload of the type must then satisfy it.

            Example:
              herald event-type create --name order.created \\
                --description "An order was placed" --version 2026-01 \\
                --schema '{"type":"object","required":["orderId"]}'
            """
        )

        @OptionGroup var client: ClientOptions

        @Option(help: "resource.action, e.g. order.created (letters, digits, '_', dot-separated).")
        var name: String

        @Option(help: "What the event means.")
        var description: String?

        @Option(help: ArgumentHelp("A JSON Schema, or @file to read one.", valueName: "json|@file"))
        var schema: String?

        @Option(help: "A version string, sent to receivers with every message of the type.")
        var version: String?

        @Flag(help: "Mark the type deprecated (it still accepts messages).")
        var deprecated = false

        func run() async throws {
            var parsedSchema: AnyJSON?
            if let schema {
                let bytes = try ArgumentValues.bytes(schema, option: "--schema")
                do {
                    parsedSchema = try AnyJSON(parsing: bytes)
                } catch {
                    throw fail("--schema: not valid JSON: \(error)")
                }
            }
            let body = EventTypeIn(name: name, description: description, schema: parsedSchema, deprecated: deprecated ? true : nil, version: version)
            let created = try await client.withClient { try await $0.createEventType(body) }
            if client.json { try Output.printJSON(created) } else { print(created.fieldsText) }
        }
    }

    /// `herald event-type list`.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the event catalog.",
            discussion: """
            Example:
              herald event-type list --limit 50
            """
        )

        @OptionGroup var client: ClientOptions
        @OptionGroup var page: PageOptions

        func run() async throws {
            let list = try await client.withClient { try await $0.listEventTypes(limit: page.limit, cursor: page.cursor) }
            if client.json { try Output.printJSON(list) } else {
                list.printTable(header: EventTypeOut.tableHeader, empty: "no event types", row: \.tableRow)
            }
        }
    }

    /// `herald event-type show`.
    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show one event type, with its schema.",
            discussion: """
            Example:
              herald event-type show order.created
            """
        )

        @OptionGroup var client: ClientOptions

        @Argument(help: "The event type's name.")
        var name: String

        func run() async throws {
            let found = try await client.withClient { try await $0.eventType(name) }
            if client.json { try Output.printJSON(found) } else { print(found.fieldsText) }
        }
    }
}
