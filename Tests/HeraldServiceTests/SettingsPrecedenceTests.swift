import Foundation
import HeraldListener
import Herald
import HeraldDelivery
import HeraldServer
import HeraldService
import HeraldTestSupport
import Logging
import Testing

/// One order for every setting: flag over HERALD_* variable over config file over default.
@Suite("Settings precedence")
struct SettingsPrecedenceTests {
    func settings(flags: [String: String] = [:], environment: [String: String] = [:], file: String? = nil, named: String = "herald.json") async throws
        -> HeraldSettings {
        var path: String?
        if let file {
            let url = TemporaryDirectory.make().appendingPathComponent(named)
            try Data(file.utf8).write(to: url)
            path = url.path
        }
        return try HeraldSettings(reading: try await SettingsSources.reader(flags: flags, environment: environment, configFile: path))
    }

    @Test("with nothing given every setting keeps DESIGN.md's default")
    func defaults() async throws {
        let settings = try await settings()
        #expect(settings.port == 8080)
        #expect(settings.host == "127.0.0.1")
        #expect(settings.dataDirectory == "./herald-data")
        #expect(settings.apiToken == nil)
        #expect(settings.role == .all)
        #expect(settings.delivery.requestTimeout == .seconds(15))
        #expect(settings.delivery.schedule.delays == [5, 300, 1800, 7200, 18000, 36000, 50400, 72000, 86400])
        #expect(settings.retention == .seconds(30 * 86400))
        #expect(settings.api.maxPayloadBytes == 1 << 20)
        #expect(settings.listener.requestHeadTimeout == .seconds(10))
        #expect(settings.listener.requestBodyTimeout == .seconds(60))
        #expect(settings.listener.idleTimeout == .seconds(60))
        #expect(settings.listener.maxConnections == 10_000)
    }

    @Test("a flag wins over the variable, the variable over the file, the file over the default", arguments: [
        (true, true, true, "1111"), (false, true, true, "2222"), (false, false, true, "3333"), (false, false, false, "8080"),
    ])
    func precedence(flag: Bool, variable: Bool, file: Bool, expected: String) async throws {
        let settings = try await settings(flags: flag ? ["port": "1111"] : [:], environment: variable ? ["HERALD_PORT": "2222"] : [:],
                                          file: file ? #"{"port": 3333}"# : #"{}"#)
        #expect(String(settings.port) == expected)
    }

    @Test("each source can set a different setting, and all of them apply")
    func sourcesCombine() async throws {
        let settings = try await settings(flags: ["requestTimeout": "3s", "requestHeadTimeout": "5s"],
                                          environment: ["HERALD_ROLE": "api", "HERALD_RETRY_SCHEDULE": "1s,2s", "HERALD_IDLE_TIMEOUT": "2m"],
                                          file: #"{"retention": "2d", "endpointConcurrency": 4, "requireHttps": true, "allowedNetworks": ["127.0.0.1/32", "::1/128"], "maxConnections": 500, "requestBodyTimeout": "30s"}"#)
        #expect(settings.listener.requestHeadTimeout == .seconds(5))
        #expect(settings.listener.idleTimeout == .seconds(120))
        #expect(settings.listener.maxConnections == 500)
        #expect(settings.listener.requestBodyTimeout == .seconds(30))
        #expect(settings.delivery.requestTimeout == .seconds(3))
        #expect(settings.delivery.leaseDuration == .seconds(120), "the lease stays at least four timeouts long")
        #expect(settings.role == .api)
        #expect(settings.delivery.schedule.delays == [1, 2])
        #expect(settings.retention == .seconds(2 * 86400))
        #expect(settings.delivery.endpointConcurrency == 4)
        #expect(settings.api.requireHTTPS)
        #expect(settings.delivery.networkGuard.checkLiteralHost("127.0.0.1") == nil)
        #expect(settings.api.networkGuard.checkLiteralHost("::1") == nil, "the API refuses the same addresses delivery does")
        #expect(settings.delivery.networkGuard.checkLiteralHost("10.0.0.1") != nil)
    }

    @Test("--lease-duration sets the claim's length, also below the default, as long as it is twice the request timeout")
    func leaseDuration() async throws {
        #expect(try await settings(flags: ["leaseDuration": "10s", "requestTimeout": "5s"]).delivery.leaseDuration == .seconds(10))
        #expect(try await settings(environment: ["HERALD_LEASE_DURATION": "1h"]).delivery.leaseDuration == .seconds(3600))
        #expect(try await settings(flags: ["requestTimeout": "1m"]).delivery.leaseDuration == .seconds(240), "without it: four request timeouts, at least 2m")
    }

    @Test("a YAML file is read like a JSON one")
    func yaml() async throws {
        let settings = try await settings(file: """
            port: 9001
            requestTimeout: 40s
            requireHttps: false
            retrySchedule: [5s, 1m]
            logLevel: debug
            """, named: "herald.yaml")
        #expect(settings.port == 9001)
        #expect(settings.delivery.requestTimeout == .seconds(40))
        #expect(settings.delivery.leaseDuration == .seconds(160), "a lease outlasts four attempts")
        #expect(settings.api.requireHTTPS == false)
        #expect(settings.delivery.schedule.delays == [5, 60])
        #expect(settings.logLevel == .debug)
    }

    @Test("HERALD_CONFIG names the file when --config does not; an empty variable counts as unset")
    func configFromEnvironment() async throws {
        let url = TemporaryDirectory.make().appendingPathComponent("settings.json")
        try Data(#"{"host": "0.0.0.0"}"#.utf8).write(to: url)
        let reader = try await SettingsSources.reader(flags: [:], environment: ["HERALD_CONFIG": url.path, "HERALD_HOST": ""])
        #expect(try HeraldSettings(reading: reader).host == "0.0.0.0")
    }

    @Test("the secret settings are read from every source and never shown in an error", arguments: ["flag", "variable", "file"])
    func secrets(source: String) async throws {
        let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
        let settings: HeraldSettings = switch source {
        case "flag": try await settings(flags: ["apiToken": "tok", "operatorWebhookSecret": secret])
        case "variable": try await settings(environment: ["HERALD_API_TOKEN": "tok", "HERALD_OPERATOR_WEBHOOK_SECRET": secret])
        default: try await settings(file: #"{"apiToken": "tok", "operatorWebhookSecret": "\#(secret)"}"#)
        }
        #expect(settings.apiToken == "tok")
        #expect(settings.delivery.operatorWebhookSecret?.serialized == secret)
        let error = await #expect(throws: SettingsError.self) {
            _ = try await self.settings(environment: ["HERALD_OPERATOR_WEBHOOK_SECRET": "whsec_not-base64!!"])
        }
        #expect(error?.message.contains("not-base64") == false, "\(error?.message ?? "")")
        #expect(error?.message.contains("HERALD_OPERATOR_WEBHOOK_SECRET") == true)
    }
}
