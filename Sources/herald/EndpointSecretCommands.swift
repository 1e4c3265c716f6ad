import ArgumentParser
import HeraldAPI
import HeraldClient

extension EndpointCommand {
    /// `herald endpoint secret`.
    struct Secret: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "secret",
            abstract: "Show an endpoint's signing secret, and older ones still in their grace period.",
            discussion: """
            Give the key to the receiver: 'herald verify --secret whsec_…' checks deliveries with it.

            Example:
              herald endpoint secret --app acme ep_2yJ8…
            """
        )

        @OptionGroup var client: ClientOptions

        @Option(help: "The application's app_ id or uid.")
        var app: String

        @Argument(help: "The endpoint's ep_ id.")
        var endpoint: String

        func run() async throws {
            let secret = try await client.withClient { try await $0.endpointSecret(app: app, endpoint: endpoint) }
            if client.json { try Output.printJSON(secret) } else { print(secret.fieldsText) }
        }
    }

    /// `herald endpoint rotate-secret`.
    struct RotateSecret: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rotate-secret",
            abstract: "Replace an endpoint's signing secret; the old one keeps signing for a grace period.",
            discussion: """
            During the grace period every delivery carries both signatures, so receivers can switch keys without dropping a message.

            Examples:
              herald endpoint rotate-secret --app acme ep_2yJ8…
              herald endpoint rotate-secret --app acme ep_2yJ8… \\
                --secret whsec_… --grace-period 3600
            """
        )

        @OptionGroup var client: ClientOptions

        @Option(help: "The application's app_ id or uid.")
        var app: String

        @Argument(help: "The endpoint's ep_ id.")
        var endpoint: String

        @Option(help: ArgumentHelp("The new secret (whsec_…); one is generated when absent.", valueName: "whsec_…"))
        var secret: String?

        @Option(help: ArgumentHelp("Seconds the old secret keeps signing (server default 86400, at most 7 days).", valueName: "seconds"))
        var gracePeriod: Int?

        func run() async throws {
            if let gracePeriod, gracePeriod < 0 { throw fail("--grace-period: must be 0 or more seconds") }
            let rotation = SecretRotationIn(key: secret, gracePeriodSeconds: gracePeriod)
            let rotated = try await client.withClient { try await $0.rotateEndpointSecret(app: app, endpoint: endpoint, rotation) }
            if client.json { try Output.printJSON(rotated) } else { print(rotated.fieldsText) }
        }
    }
}
