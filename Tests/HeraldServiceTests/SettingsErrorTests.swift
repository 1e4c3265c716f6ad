import Foundation
import HeraldService
import HeraldTestSupport
import Testing

/// A bad setting stops the start with a message that names it under all its names and says what
/// a good value looks like; nothing bad is silently replaced by a default.
@Suite("Settings errors")
struct SettingsErrorTests {
    func error(flags: [String: String] = [:], environment: [String: String] = [:], file: String? = nil, named: String = "herald.json") async
        -> SettingsError? {
        await #expect(throws: SettingsError.self) {
            var path: String?
            if let file {
                let url = TemporaryDirectory.make().appendingPathComponent(named)
                try Data(file.utf8).write(to: url)
                path = url.path
            }
            _ = try HeraldSettings(reading: try await SettingsSources.reader(flags: flags, environment: environment, configFile: path))
        }
    }

    @Test("bad values name the setting and the expected form", arguments: [
        ("HERALD_PORT", "99999", "from 0 to 65535"),
        ("HERALD_PORT", "eighty", "whole number"),
        ("HERALD_REQUEST_TIMEOUT", "soon", "such as 15s"),
        ("HERALD_REQUEST_TIMEOUT", "0s", "a duration from 1s to 3600s"),
        ("HERALD_REQUEST_TIMEOUT", "2h", "a duration from 1s to 3600s"),
        ("HERALD_RETENTION", "106751991167301d", "a duration from 1s to 3650d"),
        ("HERALD_RETENTION", "99999999999999d", "a duration from 1s to 3650d"),
        ("HERALD_DISABLE_AFTER", "366d", "a duration from 1s to 365d"),
        ("HERALD_CIRCUIT_BREAKER_COOL_DOWN", "2d", "a duration from 1s to 1d"),
        ("HERALD_RETRY_SCHEDULE", "5s,8d", "delays"),
        ("HERALD_ROLE", "workers", "one of all, api, worker"),
        ("HERALD_LOG_LEVEL", "loud", "one of trace"),
        ("HERALD_REQUIRE_HTTPS", "maybe", "true or false"),
        ("HERALD_ALLOWED_NETWORKS", "10.0.0.0/99", "CIDR"),
        ("HERALD_RETRY_SCHEDULE", "5s,,5m", "delays"),
        ("HERALD_ENDPOINT_CONCURRENCY", "0", "from 1 to 1000"),
        ("HERALD_MAX_PAYLOAD_BYTES", "10", "from 1024"),
        ("HERALD_REQUEST_HEAD_TIMEOUT", "10m", "a duration from 1s to 300s"),
        ("HERALD_REQUEST_BODY_TIMEOUT", "0s", "a duration from 1s to 3600s"),
        ("HERALD_IDLE_TIMEOUT", "2h", "a duration from 1s to 3600s"),
        ("HERALD_MAX_CONNECTIONS", "0", "from 1 to 1000000"),
        ("HERALD_MAX_CONNECTIONS", "2000000", "from 1 to 1000000"),
        ("HERALD_TLS_TRUST_ROOTS", "/nonexistent/ca.pem", "readable PEM file"),
        ("HERALD_LEASE_DURATION", "20s", "at least twice requestTimeout (15s)"),
        ("HERALD_LEASE_DURATION", "2d", "a duration from 1s to 1d"),
    ])
    func badValue(variable: String, value: String, expected: String) async throws {
        let message = try #require(await error(environment: [variable: value])?.message)
        #expect(message.contains(variable), "\(message)")
        #expect(message.contains(expected), "\(message)")
        #expect(message.contains("'\(value)'"), "the value is quoted back: \(message)")
    }

    @Test("a flag's bad value is refused even when the variable's would do")
    func badFlag() async throws {
        let message = try #require(await error(flags: ["retention": "forever"], environment: ["HERALD_RETENTION": "30d"])?.message)
        #expect(message.contains("--retention"))
    }

    @Test("a file's value of the wrong type is refused, not ignored")
    func wrongTypeInFile() async throws {
        let message = try #require(await error(file: #"{"port": "eighty"}"#)?.message)
        #expect(message.contains("'port' in the config file"), "\(message)")
    }

    @Test("a misspelt key in the file is refused with the list of settings")
    func unknownKey() async throws {
        let message = try #require(await error(file: #"{"requestTimout": "3s"}"#)?.message)
        #expect(message.contains("'requestTimout' is not a setting"), "\(message)")
        #expect(message.contains("requestTimeout"))
    }

    @Test("a file that is missing, malformed, not an object or of another kind is refused", arguments: [
        ("{\"port\": ", "herald.json", "not valid JSON"),
        ("[1, 2]", "herald.json", "one object of settings"),
        ("port: [", "herald.yaml", "not valid YAML"),
        ("port = 1", "herald.toml", "must end in .json, .yaml or .yml"),
    ])
    func badFile(content: String, name: String, expected: String) async throws {
        let message = try #require(await error(file: content, named: name)?.message)
        #expect(message.contains(expected), "\(message)")
    }

    @Test("a config file that does not exist is refused")
    func missingFile() async throws {
        let message = try #require(await error(environment: ["HERALD_CONFIG": "/nonexistent/herald.json"])?.message)
        #expect(message.contains("cannot be read"), "\(message)")
        #expect(message.contains("HERALD_CONFIG"))
    }
}
