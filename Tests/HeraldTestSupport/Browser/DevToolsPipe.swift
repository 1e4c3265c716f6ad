import Foundation
import Glibc
import Synchronization

// MARK: - The pipe connection

/// One DevTools event as received.
struct ProtocolEvent: Sendable {
    let sequence: Int
    let method: String
    let sessionID: String?
    let params: DevToolsValue
}

/// Which events a waiter wants.
struct EventFilter: Sendable {
    let method: String
    let sessionID: String?
    let afterSequence: Int

    func matches(_ event: ProtocolEvent) -> Bool {
        event.sequence > afterSequence && event.method == method
            && (sessionID == nil || event.sessionID == sessionID)
    }
}

/// The two pipes to Chromium. A dedicated reader thread (not the Swift concurrency pool)
/// reads fd 4's NUL-separated JSON messages, resumes the task waiting for each reply by
/// `id` and buffers events; writes to fd 3 are serialized by a lock.
final class PipeConnection: Sendable {
    private struct Waiter: Sendable {
        let label: String
        let continuation: CheckedContinuation<DevToolsValue, any Error>
        /// `nil` for a waiter on the reply to request `id`.
        let eventFilter: EventFilter?
    }

    private struct State: Sendable {
        var nextID = 0
        var waiters: [Int: Waiter] = [:]
        var events: [ProtocolEvent] = []
        var lastEventSequence = 0
        var closedReason: String?
        var stopReading = false
    }

    private static let maximumBufferedEvents = 500

    private let state = Mutex(State())
    /// The write end of the command pipe, `-1` once closed; its lock serializes writes.
    private let commandFD: Mutex<Int32>
    /// The read end of the reply pipe; owned (and closed) by the reader thread.
    private let replyFD: Int32
    private let logPath: String

    init(commandFD: Int32, replyFD: Int32, logPath: String) {
        self.commandFD = Mutex(commandFD)
        self.replyFD = replyFD
        self.logPath = logPath
    }

    func startReading() {
        let thread = Thread { [self] in readLoop() }
        thread.name = "HeadlessBrowser pipe reader"
        thread.start()
    }

    var lastEventSequence: Int {
        state.withLock { $0.lastEventSequence }
    }

    func bufferedEvents(afterSequence: Int, sessionID: String) -> [ProtocolEvent] {
        state.withLock { state in
            state.events.filter { $0.sequence > afterSequence && $0.sessionID == sessionID }
        }
    }

    /// Fails everything that waits, stops the reader and closes the command pipe.
    func shutDown(reason: String) {
        state.withLock { $0.stopReading = true }
        commandFD.withLock { fd in
            if fd >= 0 { Glibc.close(fd) }
            fd = -1
        }
        markClosed(reason: reason)
    }

    // MARK: Sending and waiting

    func send(
        _ method: String,
        _ params: [String: DevToolsValue] = [:],
        session: String? = nil,
        timeout: Duration
    ) async throws -> DevToolsValue {
        let id = makeID()
        var message: [String: DevToolsValue] = ["id": .number(Double(id)), "method": .string(method), "params": .object(params)]
        if let session { message["sessionId"] = .string(session) }
        let bytes = try [UInt8](DevToolsValue.object(message).jsonData()) + [0]
        let label = session.map { "\(method) (session \($0.prefix(8)))" } ?? method
        return try await suspend(id: id, timeout: timeout, timeoutMessage: "\(label): no reply within \(timeout)") {
            continuation in
            if let closedReason = register(Waiter(label: label, continuation: continuation, eventFilter: nil), id: id) {
                continuation.resume(throwing: BrowserError("\(label) failed: \(closedReason)"))
                return
            }
            do {
                try write(bytes, label: label)
            } catch {
                resume(id, with: .failure(error))
            }
        }
    }

    func waitForEvent(_ filter: EventFilter, timeout: Duration) async throws -> DevToolsValue {
        let id = makeID()
        let label = "waiting for \(filter.method)"
        return try await suspend(id: id, timeout: timeout, timeoutMessage: "\(label): none within \(timeout)") {
            continuation in
            let immediate: Result<DevToolsValue, any Error>? = state.withLock { state in
                if let event = state.events.first(where: filter.matches) { return .success(event.params) }
                if let reason = state.closedReason { return .failure(BrowserError("\(label) failed: \(reason)")) }
                state.waiters[id] = Waiter(label: label, continuation: continuation, eventFilter: filter)
                return nil
            }
            if let immediate { continuation.resume(with: immediate) }
        }
    }

    private func makeID() -> Int {
        state.withLock { state in
            state.nextID += 1
            return state.nextID
        }
    }

    /// Registers `waiter` unless the connection is closed; returns why it is closed.
    private func register(_ waiter: Waiter, id: Int) -> String? {
        state.withLock { state in
            if let reason = state.closedReason { return reason }
            state.waiters[id] = waiter
            return nil
        }
    }

    /// Suspends until waiter `id` is resumed by the reader, `timeout` passes or the task is
    /// cancelled. `install` registers the continuation (and may resume it right away).
    private func suspend(
        id: Int,
        timeout: Duration,
        timeoutMessage: String,
        install: (CheckedContinuation<DevToolsValue, any Error>) -> Void
    ) async throws -> DevToolsValue {
        let timer = Task { [self] in
            try? await Task.sleep(for: timeout)
            if !Task.isCancelled { resume(id, with: .failure(BrowserError(timeoutMessage))) }
        }
        defer { timer.cancel() }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                install(continuation)
                if Task.isCancelled { resume(id, with: .failure(CancellationError())) }
            }
        } onCancel: {
            resume(id, with: .failure(CancellationError()))
        }
    }

    /// Resumes waiter `id` if it is still waiting.
    private func resume(_ id: Int, with result: Result<DevToolsValue, any Error>) {
        let waiter = state.withLock { $0.waiters.removeValue(forKey: id) }
        waiter?.continuation.resume(with: result)
    }

    private func write(_ bytes: [UInt8], label: String) throws {
        try commandFD.withLock { fd in
            guard fd >= 0 else { throw BrowserError("\(label) failed: the browser connection is closed") }
            var offset = 0
            while offset < bytes.count {
                let written = bytes.withUnsafeBytes { buffer in
                    Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                }
                if written < 0 {
                    if errno == EINTR { continue }
                    throw BrowserError("\(label) failed: writing to the DevTools pipe failed: \(errnoDescription())")
                }
                offset += written
            }
        }
    }

    // MARK: Reading

    private func readLoop() {
        var pending: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        let reason: String
        while true {
            if state.withLock({ $0.stopReading }) {
                reason = "the browser connection was shut down"
                break
            }
            var pollRequest = pollfd(fd: replyFD, events: Int16(POLLIN), revents: 0)
            let ready = poll(&pollRequest, 1, 250)
            if ready == 0 || (ready < 0 && errno == EINTR) { continue }
            let count = ready < 0 ? -1 : chunk.withUnsafeMutableBytes { read(replyFD, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                reason = "reading the DevTools pipe failed: \(errnoDescription())"
                break
            }
            if count == 0 {
                reason = "Chromium closed the DevTools pipe (it exited or crashed)\n"
                    + "\(logTailHeading)\n\(logTail(path: logPath))"
                break
            }
            let scanFrom = pending.count
            pending.append(contentsOf: chunk[0..<count])
            dispatchCompleteMessages(in: &pending, scanningFrom: scanFrom)
        }
        Glibc.close(replyFD)
        markClosed(reason: reason)
    }

    /// Handles every NUL-terminated message in `pending` and removes them from it.
    private func dispatchCompleteMessages(in pending: inout [UInt8], scanningFrom scanFrom: Int) {
        guard var terminator = pending[scanFrom...].firstIndex(of: 0) else { return }
        var messageStart = 0
        while true {
            handleMessage(Data(pending[messageStart..<terminator]))
            messageStart = terminator + 1
            guard let next = pending[messageStart...].firstIndex(of: 0) else { break }
            terminator = next
        }
        pending.removeFirst(messageStart)
    }

    private func handleMessage(_ data: Data) {
        guard let message = try? DevToolsValue(parsing: data) else { return }
        if let id = message["id"]?.intValue {
            if let error = message["error"] {
                resumeWithProtocolError(id, error)
            } else {
                resume(id, with: .success(message["result"] ?? [:]))
            }
        } else if let method = message["method"]?.stringValue {
            record(method: method, sessionID: message["sessionId"]?.stringValue, params: message["params"] ?? [:])
        }
    }

    private func resumeWithProtocolError(_ id: Int, _ error: DevToolsValue) {
        let waiter = state.withLock { $0.waiters.removeValue(forKey: id) }
        guard let waiter else { return }
        var text = error["message"]?.stringValue ?? "\(error)"
        if let data = error["data"]?.stringValue { text += " (\(data))" }
        if let code = error["code"]?.intValue { text += " [code \(code)]" }
        waiter.continuation.resume(throwing: BrowserError("\(waiter.label) failed: \(text)"))
    }

    /// Buffers an event and resumes the waiters it satisfies.
    private func record(method: String, sessionID: String?, params: DevToolsValue) {
        let satisfied: [Waiter] = state.withLock { state in
            state.lastEventSequence += 1
            let event = ProtocolEvent(sequence: state.lastEventSequence, method: method, sessionID: sessionID, params: params)
            state.events.append(event)
            if state.events.count > Self.maximumBufferedEvents {
                state.events.removeFirst(state.events.count - Self.maximumBufferedEvents)
            }
            let ids = state.waiters.filter { $0.value.eventFilter?.matches(event) == true }.keys
            return ids.compactMap { state.waiters.removeValue(forKey: $0) }
        }
        for waiter in satisfied { waiter.continuation.resume(returning: params) }
    }

    /// Fails every waiter; later sends fail at once. The first reason given is kept.
    private func markClosed(reason: String) {
        let (waiters, finalReason) = state.withLock { state in
            if state.closedReason == nil { state.closedReason = reason }
            let waiters = state.waiters
            state.waiters = [:]
            return (waiters, state.closedReason ?? reason)
        }
        for waiter in waiters.values {
            waiter.continuation.resume(throwing: BrowserError("\(waiter.label) failed: \(finalReason)"))
        }
    }
}

