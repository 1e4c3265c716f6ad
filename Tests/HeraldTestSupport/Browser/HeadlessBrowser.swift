// A tiny driver for headless Chromium over the Chrome DevTools Protocol (CDP).
//
// Chromium is started with `--remote-debugging-pipe`: it reads protocol commands from
// fd 3 and writes replies and events to fd 4. Every message is one JSON object followed
// by a NUL byte, in both directions. No WebSocket, no dependencies besides Foundation,
// Glibc and Synchronization.
//
//     let browser = try await HeadlessBrowser.launch()
//     let page = try await browser.newPage()
//     try await page.navigate(to: "http://127.0.0.1:8080/")
//     try await page.fill("#name", with: "Ada")
//     try await page.click("button[type=submit]")
//     let greeting = try await page.text(of: "#greeting")
//     await browser.close()

import Foundation
import Glibc
import Synchronization

// MARK: - Browser

/// A position in a browser's stream of DevTools events; events that arrive later are
/// "after" it. Take one with ``HeadlessBrowser/markEvents()`` *before* doing what triggers
/// the event, then pass it to ``HeadlessBrowser/waitForEvent(_:session:after:timeout:)``.
public struct EventMark: Sendable, Hashable {
    fileprivate let sequence: Int
}

/// A headless Chromium process driven over `--remote-debugging-pipe`.
///
/// Call ``close()`` when done. A browser that is deallocated without `close()` kills its
/// Chromium processes and removes its temporary directory in `deinit`. Note that
/// ``launch(executable:windowSize:)`` makes the whole process ignore `SIGPIPE`, so that a
/// write to a dead browser fails with an error instead of killing the process.
public final class HeadlessBrowser: Sendable {
    /// The browser's product string, e.g. `Chrome/156.0.8078.129`.
    public let version: String
    /// The process id of the Chromium browser process (also its process group id).
    public let processID: Int32
    /// The temporary directory holding the profile (`profile/`) and Chromium's output
    /// (`chromium.log`); removed when the browser is closed or deallocated.
    public let temporaryDirectory: URL

    private let connection: PipeConnection
    private let process: ChromiumProcess
    private let isClosed = Mutex(false)

    private init(version: String, connection: PipeConnection, process: ChromiumProcess, temporaryDirectory: URL) {
        self.version = version
        self.connection = connection
        self.process = process
        self.processID = process.pid
        self.temporaryDirectory = temporaryDirectory
    }

    deinit {
        guard !isClosed.withLock({ $0 }) else { return }
        process.killProcessGroup()
        connection.shutDown(reason: "the browser was deallocated without close()")
        try? FileManager.default.removeItem(at: temporaryDirectory)
    }

    /// Starts headless Chromium with a fresh temporary profile and waits until it answers
    /// on the DevTools pipe (at most 30 s).
    ///
    /// - Parameters:
    ///   - executable: The Chromium binary (or a wrapper script that `exec`s it).
    ///   - windowSize: Width and height of the browser window in CSS pixels. The page
    ///     viewport is the same width and somewhat less tall (the headless window keeps
    ///     room for browser UI); use ``BrowserPage/setViewport(width:height:mobile:)`` for
    ///     an exact size.
    /// - Throws: ``BrowserError`` if Chromium cannot be started or does not answer; the
    ///   message includes the last lines of Chromium's output.
    public static func launch(
        executable: String = "/usr/bin/chromium",
        windowSize: (Int, Int) = (1280, 900)
    ) async throws -> HeadlessBrowser {
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            throw BrowserError("No Chromium at \(executable): install Debian's package (apt-get install chromium), as .ci/run does")
        }
        signal(SIGPIPE, SIG_IGN)
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("headless-browser-\(UUID().uuidString)", isDirectory: true)
        let profile = directory.appendingPathComponent("profile", isDirectory: true)
        let logPath = directory.appendingPathComponent("chromium.log").path
        do {
            try FileManager.default.createDirectory(at: profile, withIntermediateDirectories: true)
        } catch {
            throw BrowserError("Could not create the temporary profile directory \(profile.path): \(error)")
        }

        let arguments = chromiumArguments(profile: profile.path, windowSize: windowSize)
        let (connection, process): (PipeConnection, ChromiumProcess)
        do {
            (connection, process) = try startChromium(executable: executable, arguments: arguments, logPath: logPath)
        } catch {
            try? FileManager.default.removeItem(at: directory)
            throw error
        }

        do {
            let reply = try await connection.send("Browser.getVersion", timeout: .seconds(30))
            let version = reply["product"]?.stringValue ?? "unknown"
            return HeadlessBrowser(version: version, connection: connection, process: process, temporaryDirectory: directory)
        } catch {
            process.killProcessGroup()
            connection.shutDown(reason: "Chromium did not start")
            if error is CancellationError {
                try? FileManager.default.removeItem(at: directory)
                throw error
            }
            var message = "Chromium (\(executable)) did not start: \(error)"
            if !message.contains(logTailHeading) {
                message += "\n\(logTailHeading)\n\(logTail(path: logPath))"
            }
            try? FileManager.default.removeItem(at: directory)
            throw BrowserError(message)
        }
    }

    /// Sends one DevTools protocol command and returns its `result` object.
    ///
    /// - Parameters:
    ///   - method: The command, e.g. `"Target.getTargets"`.
    ///   - params: The command's parameters.
    ///   - session: The session of a page (see ``BrowserPage/sessionID``); `nil` talks to
    ///     the browser itself.
    ///   - timeout: How long to wait for the reply.
    /// - Throws: ``BrowserError`` with the protocol's error message if the browser replies
    ///   with an error, if no reply comes within `timeout`, or if the browser has gone away.
    @discardableResult
    public func send(
        _ method: String,
        _ params: [String: DevToolsValue] = [:],
        session: String? = nil,
        timeout: Duration = .seconds(20)
    ) async throws -> DevToolsValue {
        try await connection.send(method, params, session: session, timeout: timeout)
    }

    /// Opens a new tab showing `about:blank`, attaches to it and enables the `Page` and
    /// `Runtime` domains on it.
    public func newPage() async throws -> BrowserPage {
        let created = try await send("Target.createTarget", ["url": "about:blank"])
        guard let targetID = created["targetId"]?.stringValue else {
            throw BrowserError("Target.createTarget returned no targetId: \(created)")
        }
        let attached = try await send("Target.attachToTarget", ["targetId": .string(targetID), "flatten": true])
        guard let sessionID = attached["sessionId"]?.stringValue else {
            throw BrowserError("Target.attachToTarget returned no sessionId: \(attached)")
        }
        try await send("Page.enable", session: sessionID)
        try await send("Runtime.enable", session: sessionID)
        return BrowserPage(browser: self, targetID: targetID, sessionID: sessionID)
    }

    /// The current end of the event stream; see ``waitForEvent(_:session:after:timeout:)``.
    public func markEvents() -> EventMark {
        EventMark(sequence: connection.lastEventSequence)
    }

    /// Waits for the first event named `method` (for example `"Page.loadEventFired"`)
    /// that arrived after `mark`, and returns its `params`.
    ///
    /// Recent events are buffered (the last 500), so an event that arrived between taking
    /// the mark and calling this is not missed:
    ///
    ///     let mark = browser.markEvents()
    ///     try await page.send("Page.reload")
    ///     _ = try await browser.waitForEvent("Page.loadEventFired", session: page.sessionID, after: mark)
    ///
    /// - Parameter session: Only events of this session; `nil` accepts events of any session.
    public func waitForEvent(
        _ method: String,
        session: String? = nil,
        after mark: EventMark,
        timeout: Duration = .seconds(20)
    ) async throws -> DevToolsValue {
        let filter = EventFilter(method: method, sessionID: session, afterSequence: mark.sequence)
        return try await connection.waitForEvent(filter, timeout: timeout)
    }

    /// Closes the browser: sends `Browser.close`, waits up to 5 s for Chromium to exit
    /// (then kills its process group), closes the pipes and removes the temporary
    /// directory. Calling it again does nothing.
    public func close() async {
        let wasClosed = isClosed.withLock { closed in
            defer { closed = true }
            return closed
        }
        guard !wasClosed else { return }
        _ = try? await connection.send("Browser.close", timeout: .seconds(2))
        if await !process.waitForExit(timeout: .seconds(5)) {
            process.killProcessGroup()
        }
        connection.shutDown(reason: "the browser was closed")
        try? FileManager.default.removeItem(at: temporaryDirectory)
    }

    // MARK: Internals used by BrowserPage

    func bufferedEvents(after mark: EventMark, session: String) -> [ProtocolEvent] {
        connection.bufferedEvents(afterSequence: mark.sequence, sessionID: session)
    }

    // MARK: Starting Chromium

    private static func chromiumArguments(profile: String, windowSize: (Int, Int)) -> [String] {
        [
            "--headless=new", "--remote-debugging-pipe", "--no-sandbox", "--disable-gpu",
            "--disable-dev-shm-usage", "--no-first-run", "--no-default-browser-check",
            "--disable-extensions", "--disable-background-networking", "--disable-sync",
            "--disable-component-update", "--disable-features=Translate,MediaRouter,OptimizationHints",
            "--mute-audio", "--hide-scrollbars", "--user-data-dir=\(profile)",
            "--window-size=\(windowSize.0),\(windowSize.1)", "about:blank",
        ]
    }

    /// Held while pipes are created and Chromium is spawned: `pipe()` returns inheritable
    /// fds (Glibc's module does not export `pipe2`), so two launches running at once could
    /// otherwise leak each other's pipe ends into their children.
    private static let spawnLock = Mutex(())

    /// Creates the two pipes, spawns Chromium on them and starts reading its replies.
    private static func startChromium(
        executable: String,
        arguments: [String],
        logPath: String
    ) throws -> (PipeConnection, ChromiumProcess) {
        let (commandPipe, replyPipe, process) = try spawnLock.withLock { _ in
            try spawnOnNewPipes(executable: executable, arguments: arguments, logPath: logPath)
        }
        // The child has its own copies of these two ends now.
        closeDescriptors(commandPipe.read, replyPipe.write)
        let connection = PipeConnection(commandFD: commandPipe.write, replyFD: replyPipe.read, logPath: logPath)
        connection.startReading()
        return (connection, process)
    }

    private static func spawnOnNewPipes(
        executable: String,
        arguments: [String],
        logPath: String
    ) throws -> (commandPipe: (read: Int32, write: Int32), replyPipe: (read: Int32, write: Int32), ChromiumProcess) {
        let commandPipe = try makePipe()
        let replyPipe: (read: Int32, write: Int32)
        do {
            replyPipe = try makePipe()
        } catch {
            closeDescriptors(commandPipe.read, commandPipe.write)
            throw error
        }
        let process: ChromiumProcess
        do {
            process = try ChromiumProcess.spawn(
                executable: executable, arguments: arguments,
                commandInput: commandPipe.read, replyOutput: replyPipe.write, logPath: logPath)
        } catch {
            closeDescriptors(commandPipe.read, commandPipe.write, replyPipe.read, replyPipe.write)
            throw error
        }
        return (commandPipe, replyPipe, process)
    }

    /// Creates a pipe whose ends are close-on-exec (so no later child inherits them) and
    /// numbered 10 or higher (so `dup2`-ing them onto fds 3 and 4 in the child can never
    /// clobber one another).
    private static func makePipe() throws -> (read: Int32, write: Int32) {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { throw BrowserError("pipe() failed: \(errnoDescription())") }
        defer { closeDescriptors(fds[0], fds[1]) }
        let readEnd = fcntl(fds[0], F_DUPFD_CLOEXEC, 10)
        let writeEnd = fcntl(fds[1], F_DUPFD_CLOEXEC, 10)
        guard readEnd >= 0, writeEnd >= 0 else {
            let reason = errnoDescription()
            closeDescriptors(readEnd, writeEnd)
            throw BrowserError("fcntl(F_DUPFD_CLOEXEC) failed: \(reason)")
        }
        return (readEnd, writeEnd)
    }
}

