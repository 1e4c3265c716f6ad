import Foundation
import HeraldService
import Testing

/// `docs/deployment.md` lists every setting exactly once, under its flag, variable and file key.
@Suite("Settings documentation")
struct SettingsDocumentationTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The rows of the settings table: lines that start with `|` and name a flag.
    func settingRows() throws -> [String] {
        let text = try String(contentsOf: Self.repository.appendingPathComponent("docs/deployment.md"), encoding: .utf8)
        return text.split(separator: "\n").map(String.init).filter { $0.hasPrefix("| `--") }
    }

    @Test("every setting has one row with its flag, its variable and its file key", arguments: HeraldSettings.definitions)
    func documented(_ definition: SettingDefinition) throws {
        let rows = try settingRows().filter { $0.contains("`\(definition.flag)`") }
        #expect(rows.count == 1, "\(definition.flag) is in \(rows.count) rows of docs/deployment.md's settings table; it must be in exactly one")
        guard let row = rows.first else { return }
        #expect(row.contains("`\(definition.environmentVariable)`"), "\(definition.flag)'s row lacks \(definition.environmentVariable)")
        #expect(row.contains("`\(definition.key)`"), "\(definition.flag)'s row lacks the file key \(definition.key)")
    }

    @Test("the table documents no setting that does not exist, and the config file itself")
    func nothingExtra() throws {
        let flags = Set(HeraldSettings.definitions.map(\.flag) + [SettingsSources.configFileFlag])
        for row in try settingRows() {
            let flag = String(row.dropFirst(3).prefix { $0 != "`" })
            #expect(flags.contains(flag), "docs/deployment.md documents \(flag), which herald serve does not read")
        }
        #expect(try settingRows().contains { $0.contains("`--config`") && $0.contains("`HERALD_CONFIG`") })
    }
}
