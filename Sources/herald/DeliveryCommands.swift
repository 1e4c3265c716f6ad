import ArgumentParser
import Foundation
import Herald
import HeraldAPI
import HeraldClient

/// `herald attempts`: what happened to a message, or at an endpoint.
struct AttemptsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "attempts",
        abstract: "List delivery attempts of a message or of an endpoint, newest first.",
        discussion: """
        Examples:
          herald attempts --app acme --message msg_01J…
          herald attempts --app acme --endpoint ep_01J… --status failed
        """
    )

    @OptionGroup var client: ClientOptions
    @OptionGroup var page: PageOptions

    @Option(help: "The application's app_ id or uid.")
    var app: String

    @Option(help: "A message id: its attempts to every endpoint.")
    var message: String?

    @Option(help: "An endpoint id: its attempts of every message.")
    var endpoint: String?

    @Option(help: "Only 'succeeded' or 'failed' attempts.")
    var status: String?

    func validate() throws {
        if (message == nil) == (endpoint == nil) { throw ValidationError("give exactly one of --message and --endpoint") }
    }

    func run() async throws {
        let list = try await client.withClient { api in
            if let message {
                return try await api.messageAttempts(app: app, message: message, status: status, limit: page.limit, cursor: page.cursor)
            }
            return try await api.endpointAttempts(app: app, endpoint: endpoint ?? "", status: status, limit: page.limit, cursor: page.cursor)
        }
        if client.json { return try Output.printJSON(list) }
        let rows = list.data.map { attempt in
            [attempt.id, attempt.messageId, attempt.endpointId, "\(attempt.attemptNumber)", attempt.trigger, attempt.status,
             attempt.responseStatusCode.map(String.init) ?? (attempt.errorKind ?? "-"), "\(attempt.durationMs) ms", Output.time(attempt.startedAt)]
        }
        print(TextTable.render(header: ["ID", "MESSAGE", "ENDPOINT", "#", "TRIGGER", "STATUS", "ANSWER", "TOOK", "STARTED"], rows: rows))
        Output.printNextCursor(list.nextCursor)
    }
}

/// `herald resend`: one manual attempt of a message to an endpoint, now.
struct ResendCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resend",
        abstract: "Make one manual attempt of a message to an endpoint now (also after it was exhausted).",
        discussion: "Example: herald resend --app acme --message msg_01J… --endpoint ep_01J…"
    )

    @OptionGroup var client: ClientOptions

    @Option(help: "The application's app_ id or uid.")
    var app: String

    @Option(help: "The message id.")
    var message: String

    @Option(help: "The endpoint id.")
    var endpoint: String

    func run() async throws {
        let queued = try await client.withClient { try await $0.resend(app: app, message: message, endpoint: endpoint) }
        if client.json { return try Output.printJSON(queued) }
        print("queued \(message) for \(endpoint); see it with: herald attempts --app \(app) --message \(message)")
    }
}

/// `herald recover`: re-queue an endpoint's failed deliveries and watch them go out.
struct RecoverCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recover",
        abstract: "Re-queue an endpoint's failed and exhausted deliveries since a time, and show progress until they are done.",
        discussion: """
        --since takes a duration back from now (30m, 2h, 7d) or an RFC 3339 time; at most the retention period (30 days by default).

        Examples:
          herald recover --app acme --endpoint ep_01J… --since 2h
          herald recover --app acme --endpoint ep_01J… --since 2026-11-30T08:00:00Z --no-wait
        """
    )

    @OptionGroup var client: ClientOptions

    @Option(help: "The application's app_ id or uid.")
    var app: String

    @Option(help: "The endpoint id.")
    var endpoint: String

    @Option(help: "How far back: a duration (2h, 7d) or an RFC 3339 time.")
    var since: String

    @Option(help: "The end of the window (RFC 3339); now when absent.")
    var until: String?

    @Flag(help: "Return once queued instead of showing progress.")
    var noWait = false

    @Option(help: "Stop showing progress after this many seconds.")
    var timeout = 600

    func run() async throws {
        let start = Date()
        guard let sinceDate = Self.time(since, now: start) else { throw fail("--since must be a duration such as 2h or an RFC 3339 time") }
        var untilDate: Date?
        if let until {
            guard let parsed = Self.time(until, now: start) else { throw fail("--until must be an RFC 3339 time") }
            untilDate = parsed
        }
        try await client.withClient { api in
            let queued = try await api.recover(app: app, endpoint: endpoint, RecoverIn(since: sinceDate, until: untilDate)).queued
            if client.json && noWait { return try Output.printJSON(RequeuedOut(queued: queued)) }
            if !client.json { print("queued \(queued) deliveries") }
            guard !noWait, queued > 0 else { return }
            let deadline = Date().addingTimeInterval(Double(timeout))
            var done = 0
            while done < queued && Date() < deadline {
                try await Task.sleep(for: .milliseconds(500))
                done = try await Self.manualAttemptsSince(start, api: api, app: app, endpoint: endpoint)
                if !client.json { Self.progress(min(done, queued), of: queued) }
            }
            if !client.json { print("") }
            if client.json { try Output.printJSON(RequeuedOut(queued: queued)) }
            if done < queued { throw fail("\(queued - done) deliveries still waiting after \(timeout) s; check with herald attempts", code: 1) }
        }
    }

    /// Distinct messages with a manual attempt at the endpoint since `start`.
    static func manualAttemptsSince(_ start: Date, api: HeraldClient, app: String, endpoint: String) async throws -> Int {
        var messages = Set<String>()
        var cursor: String?
        repeat {
            let page = try await api.endpointAttempts(app: app, endpoint: endpoint, trigger: "manual", limit: 250, cursor: cursor)
            let recent = page.data.filter { $0.startedAt >= start.addingTimeInterval(-1) }
            messages.formUnion(recent.map(\.messageId))
            cursor = recent.count == page.data.count ? page.nextCursor : nil
        } while cursor != nil
        return messages.count
    }

    static func progress(_ done: Int, of total: Int) {
        let width = 30
        let filled = total == 0 ? width : done * width / total
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        FileHandle.standardOutput.write(Data("\r\(bar) \(done)/\(total)".utf8))
    }

    /// `2h` back from now, or an RFC 3339 time.
    static func time(_ text: String, now: Date) -> Date? {
        if let milliseconds = RFC3339.parse(text) { return Date(timeIntervalSince1970: Double(milliseconds) / 1000) }
        guard let last = text.last, let value = Double(text.dropLast()) else { return nil }
        let unit: Double? = ["s": 1, "m": 60, "h": 3600, "d": 86400][last]
        return unit.map { now.addingTimeInterval(-value * $0) }
    }
}
