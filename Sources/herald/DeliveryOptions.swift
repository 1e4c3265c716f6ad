import ArgumentParser
import Foundation
import Herald
import HeraldDelivery
import HeraldService

/// Reads the delivery flags of `herald serve` (flag first, then `HERALD_*`) into the configuration.
enum DeliveryOptions {
    static func apply(_ command: ServeCommand, environment: [String: String], to configuration: inout HeraldSettings) throws {
        func value(_ flag: String?, _ name: String) -> String? {
            flag ?? environment[name].flatMap { $0.isEmpty ? nil : $0 }
        }
        func duration(_ flag: String?, _ name: String, option: String) throws -> Duration? {
            guard let text = value(flag, name) else { return nil }
            guard let seconds = RetrySchedule.seconds(text), seconds > 0 else {
                throw fail("--\(option) must be a duration such as 15s, 5m, 2h or 1d, got '\(text)'")
            }
            return .seconds(seconds)
        }
        func integer(_ flag: Int?, _ name: String, option: String, range: ClosedRange<Int>) throws -> Int? {
            let parsed: Int?
            if let flag { parsed = flag } else if let text = environment[name], !text.isEmpty { parsed = Int(text) ?? -1 } else { parsed = nil }
            if let parsed, !range.contains(parsed) { throw fail("--\(option) must be a whole number from \(range.lowerBound) to \(range.upperBound)") }
            return parsed
        }
        var delivery = configuration.delivery
        if let text = value(command.allowedNetworks, "HERALD_ALLOWED_NETWORKS") {
            do { delivery.networkGuard = NetworkGuard(allowedNetworks: try NetworkGuard.parseAllowedNetworks(text)) } catch {
                throw fail("--allowed-networks: \(error.message)")
            }
        }
        if let text = value(command.retrySchedule, "HERALD_RETRY_SCHEDULE") {
            do { delivery.schedule = try RetrySchedule(parsing: text) } catch { throw fail("--retry-schedule: \(error.message)") }
        }
        if let timeout = try duration(command.requestTimeout, "HERALD_REQUEST_TIMEOUT", option: "request-timeout") {
            delivery.requestTimeout = timeout
            delivery.leaseDuration = max(delivery.leaseDuration, timeout * 4)
        }
        if let concurrency = try integer(command.endpointConcurrency, "HERALD_ENDPOINT_CONCURRENCY", option: "endpoint-concurrency", range: 1...1000) {
            delivery.endpointConcurrency = concurrency
        }
        if let threshold = try integer(command.circuitBreakerThreshold, "HERALD_CIRCUIT_BREAKER_THRESHOLD", option: "circuit-breaker-threshold", range: 1...10_000) {
            delivery.breakerThreshold = threshold
        }
        if let coolDown = try duration(command.circuitBreakerCoolDown, "HERALD_CIRCUIT_BREAKER_COOL_DOWN", option: "circuit-breaker-cool-down") {
            delivery.breakerCoolDown = coolDown
        }
        if let disableAfter = try duration(command.disableAfter, "HERALD_DISABLE_AFTER", option: "disable-after") {
            delivery.disableAfter = disableAfter
        }
        if let retention = try duration(command.retention, "HERALD_RETENTION", option: "retention") {
            configuration.retention = retention
        }
        if let path = value(command.tlsTrustRoots, "HERALD_TLS_TRUST_ROOTS") {
            guard FileManager.default.isReadableFile(atPath: path) else { throw fail("--tls-trust-roots: cannot read '\(path)'") }
            delivery.trustRootsFile = path
        }
        if let url = value(command.operatorWebhookURL, "HERALD_OPERATOR_WEBHOOK_URL") {
            delivery.operatorWebhookURL = url
            if let text = value(command.operatorWebhookSecret, "HERALD_OPERATOR_WEBHOOK_SECRET") {
                do { delivery.operatorWebhookSecret = try WebhookSecret(text) } catch { throw fail("--operator-webhook-secret: \(error.message)") }
            } else {
                let secret = try WebhookSecret.generate()
                delivery.operatorWebhookSecret = secret
                print("Operational events go to \(url), signed with this secret (generated for this run; set --operator-webhook-secret to keep one):\n  \(secret.serialized)")
            }
        }
        configuration.delivery = delivery
    }
}
