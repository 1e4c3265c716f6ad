import Foundation
import HeraldService
import Testing

/// `deploy/`'s systemd unit, its environment file and the Containerfile start `herald serve` with
/// settings it has: every `HERALD_*` variable they name and every flag they give it is one of
/// ``HeraldSettings/definitions``, and the values they set are read without an error.
@Suite("Deployment files' settings")
struct DeploymentSettingsTests {
    static let deploy = SettingsDocumentationTests.repository.appendingPathComponent("deploy")

    /// Every variable `herald serve` reads.
    static let variables = Set(HeraldSettings.definitions.map(\.environmentVariable) + [SettingsSources.configFileVariable])

    /// Every flag `herald serve` takes, under its setting's key (`--no-…` only for switches).
    static let flagKeys: [String: String] = {
        var keys = [SettingsSources.configFileFlag: "config"]
        for definition in HeraldSettings.definitions {
            keys[definition.flag] = definition.key
            if definition.kind == .boolean { keys["--no-" + definition.flag.dropFirst(2)] = definition.key }
        }
        return keys
    }()

    static func text(_ name: String) throws -> String {
        try String(contentsOf: deploy.appendingPathComponent(name), encoding: .utf8)
    }

    /// Every `HERALD_…` word of `text`, comments included.
    static func variableNames(in text: String) -> Set<String> {
        Set(text.matches(of: /HERALD_[A-Z0-9_]*[A-Z0-9]/).map { String($0.output) })
    }

    /// `herald serve`'s arguments as settings: `--flag value` pairs (a switch alone means true),
    /// each checked to be a flag of `herald serve`.
    static func settingKeys(ofArguments arguments: [String]) -> [String: String] {
        var values = [String: String]()
        var rest = arguments[...]
        while let flag = rest.popFirst() {
            guard let key = flagKeys[flag] else {
                Issue.record("\(flag) is not a flag of herald serve")
                if let value = rest.first, !value.hasPrefix("--") { rest = rest.dropFirst() }
                continue
            }
            if let value = rest.first, !value.hasPrefix("--") {
                values[key] = value
                rest = rest.dropFirst()
            } else {
                values[key] = flag.hasPrefix("--no-") ? "false" : "true"
            }
        }
        return values
    }

    /// The `NAME=value` lines of an environment file (comments and blank lines skipped).
    static func assignments(inEnvironmentFile text: String) -> [String: String] {
        var values = [String: String]()
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let parts = line.split(separator: "=", maxSplits: 1)
            if parts.count == 2 { values[String(parts[0])] = String(parts[1]) }
        }
        return values
    }

    @Test("every HERALD_* variable a deployment file names is a setting of herald serve",
          arguments: ["herald.service", "herald.env.example", "Containerfile"])
    func variablesAreSettings(file: String) throws {
        let names = Self.variableNames(in: try Self.text(file))
        #expect(!names.isEmpty, "\(file) names no HERALD_* variable")
        for name in names.sorted() {
            #expect(Self.variables.contains(name), "\(file) names \(name), which herald serve does not read")
        }
    }

    @Test("the unit runs herald serve with its flags on the state directory, and its environment file's settings read")
    func unit() async throws {
        let unit = try Self.text("herald.service")
        let execStart = unit.split(separator: "\n").filter { $0.hasPrefix("ExecStart=") }
        try #require(execStart.count == 1, "one ExecStart= line: \(execStart)")
        let words = execStart[0].dropFirst("ExecStart=".count).split(separator: " ").map(String.init)
        try #require(words.count >= 2 && words[0].hasSuffix("/herald") && words[1] == "serve", "ExecStart runs herald serve: \(words)")
        // systemd sets STATE_DIRECTORY to /var/lib/<StateDirectory=>.
        #expect(unit.contains("\nStateDirectory=herald\n"))
        let arguments = words.dropFirst(2).map { $0.replacingOccurrences(of: "${STATE_DIRECTORY}", with: "/var/lib/herald") }
        let environment = Self.assignments(inEnvironmentFile: try Self.text("herald.env.example"))
        #expect(Set(environment.keys).isSubset(of: Self.variables), "\(environment.keys.sorted())")
        let settings = try HeraldSettings(reading: try await SettingsSources.reader(flags: Self.settingKeys(ofArguments: arguments), environment: environment))
        #expect(settings.dataDirectory == "/var/lib/herald")
        #expect(settings.apiToken != nil, "the example environment file sets the API token")
    }

    @Test("the image runs herald serve on its ENV settings, listening on all interfaces on the port it exposes, its data in its volume")
    func container() async throws {
        let lines = try Self.text("Containerfile").split(separator: "\n").map(String.init)
        let entrypoint = try Self.jsonArray(after: "ENTRYPOINT ", in: lines)
        let command = try Self.jsonArray(after: "CMD ", in: lines)
        #expect(entrypoint.count == 1 && entrypoint[0].hasSuffix("/herald"), "\(entrypoint)")
        try #require(command.first == "serve", "\(command)")
        let flags = Self.settingKeys(ofArguments: Array(command.dropFirst()))
        let settings = try HeraldSettings(reading: try await SettingsSources.reader(flags: flags, environment: Self.environment(in: lines)))
        #expect(settings.host == "0.0.0.0", "reachable from outside the container")
        #expect(lines.contains("EXPOSE \(settings.port)"), "EXPOSE the port it listens on, \(settings.port)")
        #expect(lines.contains(#"VOLUME ["\#(settings.dataDirectory)"]"#), "the data directory \(settings.dataDirectory) is the volume")
    }

    /// The JSON array of the one line starting with `instruction`.
    static func jsonArray(after instruction: String, in lines: [String]) throws -> [String] {
        let matching = lines.filter { $0.hasPrefix(instruction) }
        try #require(matching.count == 1, "one \(instruction)line: \(matching)")
        let json = Data(matching[0].dropFirst(instruction.count).utf8)
        return try #require(try JSONSerialization.jsonObject(with: json) as? [String])
    }

    /// The `ENV NAME=value \` assignments, continuation lines included.
    static func environment(in lines: [String]) -> [String: String] {
        var values = [String: String]()
        var continuing = false
        for line in lines {
            guard continuing || line.hasPrefix("ENV ") else { continue }
            var text = line.hasPrefix("ENV ") ? String(line.dropFirst(4)) : line
            continuing = text.hasSuffix("\\")
            if continuing { text.removeLast() }
            for assignment in text.split(separator: " ") {
                let parts = assignment.split(separator: "=", maxSplits: 1)
                if parts.count == 2 { values[String(parts[0])] = String(parts[1]) }
            }
        }
        return values
    }
}
