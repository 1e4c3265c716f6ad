import Foundation
import Testing

/// The known-answer vectors of `Fixtures/standard-webhooks.json`, copied from the Standard
/// Webhooks reference implementations' test suites.
struct StandardWebhooksVectors: Decodable {
    struct Repeat: Decodable {
        let char: String
        let count: Int
    }

    struct Symmetric: Decodable, CustomTestStringConvertible {
        let name: String
        let secret: String
        let id: String
        let timestamp: Int64
        let payload: String?
        let payload_repeat: Repeat?
        let signature: String

        var body: [UInt8] {
            if let payload { return Array(payload.utf8) }
            guard let payload_repeat else { return [] }
            return Array(String(repeating: payload_repeat.char, count: payload_repeat.count).utf8)
        }

        var testDescription: String { name }
    }

    struct Asymmetric: Decodable, CustomTestStringConvertible {
        let name: String
        let secret_key: String
        let public_key: String
        let id: String
        let timestamp: Int64
        let payload: String
        let signature: String
        var testDescription: String { name }
    }

    struct GitHub: Decodable, CustomTestStringConvertible {
        let name: String
        let secret: String
        let payload: String
        let header: String
        let signature: String
        var testDescription: String { name }
    }

    let symmetric: [Symmetric]
    let asymmetric: [Asymmetric]
    let must_fail: [Symmetric]
    let must_pass_multi: [Symmetric]
    let github: [GitHub]

    static let all: StandardWebhooksVectors = {
        guard let url = Bundle.module.url(forResource: "standard-webhooks", withExtension: "json", subdirectory: "Fixtures"),
              let data = try? Data(contentsOf: url),
              let vectors = try? JSONDecoder().decode(StandardWebhooksVectors.self, from: data)
        else { fatalError("Fixtures/standard-webhooks.json is missing or unreadable") }
        return vectors
    }()
}

