import Foundation

/// A process's memory, from `/proc/<pid>/status`.
public enum ProcessMemory {
    /// The resident set size in bytes (`VmRSS`) of a running process, such as a `herald serve`
    /// child; nil when it cannot be read.
    public static func residentBytes(of process: Int32) -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/\(process)/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
              let kilobytes = line.split(separator: " ").compactMap({ Int($0) }).first else { return nil }
        return kilobytes * 1024
    }
}
