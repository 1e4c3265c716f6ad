import ArgumentParser

/// `herald bench …`: measure Herald's hot paths against this machine's own ceiling.
public struct BenchCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmarks that report a ratio against a ceiling measured in the same run.",
        discussion: "Build with '-c release' for meaningful figures: swift run -c release herald bench signing",
        subcommands: [SigningBenchCommand.self, IngestBenchCommand.self, DeliveryBenchCommand.self, ScaleBenchCommand.self, ReceiveBenchCommand.self]
    )

    /// Creates the command (argument-parser calls this).
    public init() {}
}
