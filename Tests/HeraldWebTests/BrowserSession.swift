import Foundation
import HeraldTestSupport
import Testing

/// Where the browser tests put their screenshots: `docs/screenshots` of this checkout when
/// `HERALD_WRITE_SCREENSHOTS=1` (to refresh the ones the README shows), else a temporary directory.
enum Screenshots {
    static let keep = ProcessInfo.processInfo.environment["HERALD_WRITE_SCREENSHOTS"] == "1"

    static let directory: URL = {
        if keep {
            let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            return root.appendingPathComponent("docs/screenshots")
        }
        return FileManager.default.temporaryDirectory.appendingPathComponent("herald-screenshots-\(getpid())")
    }()

    /// Removes the temporary directory (the screenshots were only checked).
    static func removeUnlessKept() {
        if !keep { try? FileManager.default.removeItem(at: directory) }
    }

    /// Takes a screenshot of `page` as `name`.png and checks it is a PNG of some size.
    static func take(_ page: BrowserPage, _ name: String) async throws {
        let png = try await page.screenshot()
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]), "\(name) is a PNG")
        #expect(png.count > 5_000, "\(name) shows something (\(png.count) bytes)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try png.write(to: directory.appendingPathComponent("\(name).png"))
    }
}

extension BrowserPage {
    /// Navigates to `url` again and again until `expression` holds (the page shows what the
    /// server did in the background), for up to `timeout`.
    func reload(_ url: String, until expression: String, timeout: Duration = .seconds(20)) async throws {
        let deadline = ContinuousClock.now + timeout
        while true {
            try await navigate(to: url)
            if try await bool(expression) { return }
            guard ContinuousClock.now < deadline else { throw BrowserError("\(expression) was still false at \(url) after \(timeout)") }
            try await Task.sleep(for: .milliseconds(250))
        }
    }

    /// The page's `<h1>`.
    func heading() async throws -> String { try await text(of: "h1") }
}
