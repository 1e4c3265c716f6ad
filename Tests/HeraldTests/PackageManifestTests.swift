import Foundation
import Testing

/// Package.swift lists exactly what each target imports: no module used without being declared
/// (it would build only by accident of another target's dependencies), none declared unused.
@Suite("Package manifest")
struct PackageManifestTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    /// Modules of the toolchain, and platform modules imported under `#if canImport`.
    static let toolchain: Set<String> = ["Foundation", "FoundationEssentials", "Testing", "Synchronization", "Dispatch", "Glibc", "Musl", "Darwin"]

    struct Target {
        let name: String
        let path: String
        let dependencies: Set<String>
        let isTest: Bool
    }

    /// The targets of Package.swift, read as text: each `.target(`, `.testTarget(` or
    /// `.executableTarget(` block with its name, path and dependency names.
    static func targets() throws -> [Target] {
        let manifest = try String(contentsOf: root.appendingPathComponent("Package.swift"), encoding: .utf8)
        let blocks = manifest.components(separatedBy: "\n        .").dropFirst()
        return blocks.compactMap { block -> Target? in
            let kind = String(block.prefix { $0 != "(" })
            guard ["target", "testTarget", "executableTarget"].contains(kind) else { return nil }
            let name = Self.firstQuoted(after: "name: ", in: block) ?? ""
            let isTest = kind == "testTarget"
            let path = Self.firstQuoted(after: "path: ", in: block) ?? (isTest ? "Tests/\(name)" : "Sources/\(name)")
            var dependencies = Set<String>()
            if let range = block.range(of: "dependencies: [") {
                let list = block[range.upperBound...].prefix { $0 != "]" }
                for line in list.split(separator: "\n") where !line.trimmingCharacters(in: .whitespaces).hasPrefix("//") {
                    if let product = Self.firstQuoted(after: ".product(name: ", in: String(line)) {
                        dependencies.insert(product)
                    } else {
                        for piece in line.split(separator: ",") {
                            let trimmed = piece.trimmingCharacters(in: .whitespaces)
                            if trimmed.hasPrefix("\""), trimmed.hasSuffix("\"") { dependencies.insert(String(trimmed.dropFirst().dropLast())) }
                        }
                    }
                }
            }
            return Target(name: name, path: path, dependencies: dependencies, isTest: isTest)
        }
    }

    static func firstQuoted(after marker: String, in text: String) -> String? {
        guard let start = text.range(of: marker + "\"") else { return nil }
        return String(text[start.upperBound...].prefix { $0 != "\"" })
    }

    /// The modules a target's Swift files import.
    static func imports(of target: Target) throws -> Set<String> {
        var modules = Set<String>()
        let folder = root.appendingPathComponent(target.path)
        guard let files = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil) else { return [] }
        for case let file as URL in files where file.pathExtension == "swift" {
            for line in try String(contentsOf: file, encoding: .utf8).split(separator: "\n") {
                let words = line.split(separator: " ")
                if let index = words.firstIndex(of: "import"), index == words.startIndex || words[words.startIndex].hasPrefix("@") {
                    if index + 1 < words.endIndex { modules.insert(String(words[index + 1])) }
                }
            }
        }
        return modules.subtracting(toolchain)
    }

    @Test("every target declares each module it imports, and nothing more")
    func dependenciesMatchImports() throws {
        let targets = try Self.targets()
        #expect(targets.count >= 15, "read \(targets.count) targets from Package.swift")
        for target in targets {
            let imported = try Self.imports(of: target)
            // Test targets may depend on the executables only so that they are built before they run them.
            let declared = target.isTest ? target.dependencies.subtracting(["herald", "HeraldSampleReceiver"]) : target.dependencies
            #expect(imported.subtracting(declared).isEmpty, "\(target.name) imports \(imported.subtracting(declared).sorted()) without declaring them")
            #expect(declared.subtracting(imported).isEmpty, "\(target.name) declares \(declared.subtracting(imported).sorted()) but imports none of them")
        }
    }
}
