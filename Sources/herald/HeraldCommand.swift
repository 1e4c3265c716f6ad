import ArgumentParser
import HeraldBench

/// The `herald` command: the Herald webhook service and its tools.
@main
struct HeraldCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "herald",
        abstract: "Herald: send webhooks durably and verify them on the receiving side.",
        discussion: """
        Examples:
          herald secret generate
          echo -n '{"a":1}' | herald sign --secret whsec_... --id msg_1 --timestamp 1700000000
          echo -n '{"a":1}' | herald verify --secret whsec_... --id msg_1 --timestamp 1700000000 --signature 'v1,...'
        """,
        subcommands: [
            ServeCommand.self, AppCommand.self, EventTypeCommand.self, EndpointCommand.self, SendCommand.self,
            AttemptsCommand.self, ResendCommand.self, RecoverCommand.self, StatusCommand.self,
            SecretCommand.self, SignCommand.self, VerifyCommand.self, ListenCommand.self, BenchCommand.self,
        ]
    )
}
