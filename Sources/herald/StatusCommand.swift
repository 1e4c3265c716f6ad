import ArgumentParser
import Foundation
import HeraldAPI
import HeraldClient
import HeraldDelivery

/// `herald status`: one screen that answers "is delivery keeping up, what fails, what fires".
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show the server's health, queue (due, scheduled, in flight), last hour's rates, unhealthy endpoints and firing alerts on one screen.",
        discussion: """
        Examples:
          herald status
          herald status --watch
          herald status --watch --interval 5s
          herald status --json
        """
    )

    @OptionGroup var client: ClientOptions

    @Flag(help: "Refresh the screen until interrupted.")
    var watch = false

    @Option(help: "How often --watch refreshes, e.g. 2s (1s to 1h).")
    var interval = "2s"

    func validate() throws {
        guard let seconds = RetrySchedule.seconds(interval), (1...3600).contains(seconds) else {
            throw fail("--interval must be a duration from 1s to 1h such as 2s or 1m, got '\(interval)'")
        }
    }

    func run() async throws {
        let pause = Duration.seconds(RetrySchedule.seconds(interval) ?? 2)
        try await client.withClient { api in
            repeat {
                let snapshot = await StatusSnapshot.read(from: api)
                if client.json {
                    try Output.printJSON(snapshot)
                } else {
                    // Home and clear before each screen when watching, so the screen is redrawn in
                    // place; written unbuffered, so that a pipe sees each screen as it is drawn.
                    let clear = watch ? "\u{1B}[H\u{1B}[2J" : ""
                    // A reader that went away (`| head`) ends the command instead of crashing it.
                    do {
                        try FileHandle.standardOutput.write(contentsOf: Data((clear + snapshot.render(server: try client.resolvedServer()) + "\n").utf8))
                    } catch {
                        return
                    }
                }
                if watch { try await Task.sleep(for: pause) }
            } while watch
        }
    }
}

/// What `herald status` shows, read from `/health`, `/api/v1/stats?window=1h` (the last hour,
/// and the queue now) and `/api/v1/alerts`.
struct StatusSnapshot: Encodable {
    var health: HealthOut?
    var healthError: String?
    var lastHour: StatisticsOut?
    var alerts: [AlertOut]
    var takenAt: Date

    /// Reads the three documents; a failure of one is shown, not thrown.
    static func read(from api: HeraldClient) async -> StatusSnapshot {
        var snapshot = StatusSnapshot(alerts: [], takenAt: Date())
        do {
            snapshot.health = try await api.health()
        } catch {
            snapshot.healthError = error.description
        }
        snapshot.lastHour = try? await api.serverStatistics(window: "1h")
        snapshot.alerts = (try? await api.alerts().data) ?? []
        return snapshot
    }

    /// The screen.
    func render(server: String) -> String {
        var lines = ["Herald at \(server) — \(Output.time(takenAt))", ""]
        if let health {
            lines.append(row("Health", "\(health.status) (store \(health.store ?? "?"), dispatcher \(health.dispatcher ?? "?"))"))
        } else {
            lines.append(row("Health", "unavailable: \(healthError ?? "no answer")"))
        }
        if let queue = lastHour?.queue {
            lines.append(row("Queue", "\(queue.due) due · \(queue.scheduled) scheduled · \(queue.inFlight) in flight · " + Self.waiting(queue.oldestDueAgeSeconds)))
        } else if let age = health?.oldestDueAgeSeconds {
            lines.append(row("Queue", Self.waiting(age)))
        }
        if let stats = lastHour {
            let rate = stats.successRate.map { String(format: "%.1f %% delivered", $0 * 100) } ?? "no attempts"
            let p95 = stats.latencyMs.p95.map { " · p95 \(Self.milliseconds($0))" } ?? ""
            lines.append(row("Last hour", "\(stats.messages ?? 0) messages · \(stats.attempts) attempts · \(rate)\(p95)"))
            let failures = stats.outcomes.filter { $0.key != "2xx" && $0.value > 0 }.sorted { $0.value > $1.value }
            if !failures.isEmpty { lines.append(row("Failures", failures.map { "\($0.key) \($0.value)" }.joined(separator: " · "))) }
            if let endpoints = stats.endpoints {
                lines.append(row("Endpoints", "\(endpoints.total) (\(endpoints.failing) failing, \(endpoints.circuitOpen) circuit open, \(endpoints.disabled) disabled)"))
            }
            for endpoint in stats.unhealthyEndpoints ?? [] {
                let since = endpoint.failingSince.map { " since \(Output.time($0))" } ?? ""
                lines.append(row("", "\(endpoint.state)\(since)  \(endpoint.appId) \(endpoint.endpointId)  \(endpoint.url)"))
            }
        } else {
            lines.append(row("Last hour", "statistics unavailable"))
        }
        if alerts.isEmpty {
            lines.append(row("Alerts", "none firing"))
        } else {
            for (index, alert) in alerts.enumerated() {
                let figures = alert.figures.filter { !["appId", "endpointId"].contains($0.key) }
                lines.append(row(index == 0 ? "Alerts" : "", "\(alert.rule) on \(alert.subject) since \(Output.time(alert.firedAt)) (\(Output.pairs(figures)))"))
            }
        }
        return lines.joined(separator: "\n")
    }

    private func row(_ label: String, _ text: String) -> String {
        label.padding(toLength: 11, withPad: " ", startingAt: 0) + text
    }

    /// How far behind delivery is.
    static func waiting(_ oldestDueAge: Double) -> String {
        oldestDueAge > 0 ? "oldest due delivery waiting \(seconds(oldestDueAge))" : "nothing waiting past its time"
    }

    static func seconds(_ value: Double) -> String {
        value < 120 ? String(format: "%.0f s", value) : value < 7200 ? String(format: "%.0f min", value / 60) : String(format: "%.1f h", value / 3600)
    }

    static func milliseconds(_ value: Double) -> String {
        value < 1000 ? String(format: "%.0f ms", value) : String(format: "%.2f s", value / 1000)
    }
}
