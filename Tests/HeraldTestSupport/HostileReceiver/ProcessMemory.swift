import Foundation

/// The test process's own memory, from `/proc/self/status`.
public enum ProcessMemory {
    /// Resident set size in bytes (`VmRSS`), or 0 where `/proc` is missing.
    public static func residentBytes() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }) else { return 0 }
        let kilobytes = line.split(separator: " ").compactMap { Int($0) }.first ?? 0
        return kilobytes * 1024
    }
}
