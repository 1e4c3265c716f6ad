import ArgumentParser

/// `--limit` and `--cursor`, the paging options of every list command.
struct PageOptions: ParsableArguments {
    @Option(help: "At most this many items.")
    var limit: Int?

    @Option(help: "Continue after the last page: the cursor printed under it.")
    var cursor: String?
}
