import Foundation
import Glibc
import Synchronization

// MARK: - Page

/// A cookie as reported by `Network.getCookies`.
public struct BrowserCookie: Sendable, Hashable {
    /// The cookie's name.
    public let name: String
    /// The cookie's value.
    public let value: String
    /// The domain it is sent to.
    public let domain: String
    /// The path it is sent to.
    public let path: String
    /// Whether it is hidden from `document.cookie`.
    public let httpOnly: Bool
    /// Whether it is sent over HTTPS only.
    public let secure: Bool
    /// `"Strict"`, `"Lax"` or `"None"`; `nil` when the cookie did not specify `SameSite`.
    public let sameSite: String?
    /// Expiry in seconds since 1970, or `nil` for a session cookie.
    public let expires: Double?
}

/// One tab of a ``HeadlessBrowser``, reached through a flattened DevTools session.
///
/// Selectors are CSS selectors for `document.querySelector`. Every method that waits has a
/// deadline and throws ``BrowserError`` when it passes.
public struct BrowserPage: Sendable {
    /// The browser that owns this tab; a page keeps its browser alive.
    public let browser: HeadlessBrowser
    /// The tab's target id (also the id of its main frame).
    public let targetID: String
    /// The DevTools session attached to the tab.
    public let sessionID: String

    private static let pollInterval: Duration = .milliseconds(50)

    /// Sends a DevTools command to this tab's session and returns its `result`.
    @discardableResult
    public func send(
        _ method: String,
        _ params: [String: DevToolsValue] = [:],
        timeout: Duration = .seconds(20)
    ) async throws -> DevToolsValue {
        try await browser.send(method, params, session: sessionID, timeout: timeout)
    }

    /// Waits for the first event of this tab named `method` after `mark`; see
    /// ``HeadlessBrowser/waitForEvent(_:session:after:timeout:)``.
    public func waitForEvent(_ method: String, after mark: EventMark, timeout: Duration = .seconds(20)) async throws -> DevToolsValue {
        try await browser.waitForEvent(method, session: sessionID, after: mark, timeout: timeout)
    }

    // MARK: Navigation

    /// Loads `url` and waits until the new document's `readyState` is `"complete"`.
    ///
    /// - Throws: ``BrowserError`` if the navigation fails (e.g. `net::ERR_CONNECTION_REFUSED`)
    ///   or the page has not finished loading within `timeout`.
    public func navigate(to url: String, timeout: Duration = .seconds(20)) async throws {
        let marker = try await placeNavigationMarker()
        let mark = browser.markEvents()
        let reply = try await send("Page.navigate", ["url": .string(url)], timeout: timeout)
        if let errorText = reply["errorText"]?.stringValue, !errorText.isEmpty {
            throw BrowserError("Navigating to \(url) failed: \(errorText)")
        }
        // Without a loaderId the navigation stayed within the document (e.g. a #fragment).
        let replacesDocument = reply["loaderId"] != nil
        try await waitForNavigation(
            awayFrom: replacesDocument ? marker : nil, since: mark,
            gracePeriod: nil, timeout: timeout, action: "navigate(to: \(url))")
    }

    /// Clicks the first element matching `selector` (with `HTMLElement.click()`, after
    /// scrolling it into view). If the click starts a navigation, waits until the new
    /// document has finished loading; if no navigation starts within
    /// `navigationGracePeriod`, returns after that period.
    public func click(
        _ selector: String,
        navigationGracePeriod: Duration = .seconds(2),
        timeout: Duration = .seconds(20)
    ) async throws {
        let script = """
            (() => {
              const element = document.querySelector(\(jsLiteral(selector)));
              if (!element) throw new Error("no element matches " + \(jsLiteral(selector)));
              element.scrollIntoView({ block: "center", inline: "center" });
              element.click();
            })()
            """
        try await performPossiblyNavigating(
            "click(\(selector))", gracePeriod: navigationGracePeriod, timeout: timeout, script: script)
    }

    /// Submits the form matching `formSelector` like its submit button would
    /// (`requestSubmit()`: runs validation and `submit` handlers), then waits like
    /// ``click(_:navigationGracePeriod:timeout:)``.
    public func submit(
        _ formSelector: String,
        navigationGracePeriod: Duration = .seconds(2),
        timeout: Duration = .seconds(20)
    ) async throws {
        let script = """
            (() => {
              const form = document.querySelector(\(jsLiteral(formSelector)));
              if (!form) throw new Error("no element matches " + \(jsLiteral(formSelector)));
              if (!(form instanceof HTMLFormElement)) throw new Error(\(jsLiteral(formSelector)) + " is not a form");
              form.requestSubmit();
            })()
            """
        try await performPossiblyNavigating(
            "submit(\(formSelector))", gracePeriod: navigationGracePeriod, timeout: timeout, script: script)
    }

    /// Polls (every 50 ms) until the JavaScript `expression` is truthy.
    public func waitUntil(_ expression: String, timeout: Duration = .seconds(20)) async throws {
        let deadline = ContinuousClock.now + timeout
        while try await !bool("!!(\(expression))") {
            guard ContinuousClock.now < deadline else {
                throw BrowserError("waitUntil(\(abbreviated(expression))): still false after \(timeout)")
            }
            try await Task.sleep(for: Self.pollInterval)
        }
    }

    /// Closes the tab.
    public func close() async throws {
        try await browser.send("Target.closeTarget", ["targetId": .string(targetID)])
    }

    // MARK: JavaScript

    /// Evaluates `expression` in the page (awaiting it if it is a promise) and returns its
    /// value as JSON; `undefined` becomes `.null`, `NaN` and `Infinity` become numbers.
    ///
    /// - Throws: ``BrowserError`` with the exception's text if the expression throws.
    @discardableResult
    public func evaluate(_ expression: String, timeout: Duration = .seconds(20)) async throws -> DevToolsValue {
        try await run(expression, describedAs: "JavaScript `\(abbreviated(expression))`", timeout: timeout)
    }

    /// Evaluates `expression`, which must produce a string.
    public func string(_ expression: String) async throws -> String {
        let value = try await evaluate(expression)
        guard let string = value.stringValue else { throw typeMismatch(expression, expected: "a string", got: value) }
        return string
    }

    /// Evaluates `expression`, which must produce `true` or `false`.
    public func bool(_ expression: String) async throws -> Bool {
        let value = try await evaluate(expression)
        guard let bool = value.boolValue else { throw typeMismatch(expression, expected: "a boolean", got: value) }
        return bool
    }

    /// Evaluates `expression`, which must produce a whole number.
    public func int(_ expression: String) async throws -> Int {
        let value = try await evaluate(expression)
        guard let int = value.intValue else { throw typeMismatch(expression, expected: "a whole number", got: value) }
        return int
    }

    // MARK: Reading and filling in

    /// The page's URL (`location.href`).
    public var currentURL: String {
        get async throws { try await string("location.href") }
    }

    /// The page's title (`document.title`).
    public var title: String {
        get async throws { try await string("document.title") }
    }

    /// The `textContent` of the first element matching `selector`.
    ///
    /// - Throws: ``BrowserError`` if no element matches.
    public func text(of selector: String) async throws -> String {
        let value = try await run(
            """
            (() => {
              const element = document.querySelector(\(jsLiteral(selector)));
              if (!element) throw new Error("no element matches " + \(jsLiteral(selector)));
              return element.textContent ?? "";
            })()
            """, describedAs: "text(of: \(selector))")
        return value.stringValue ?? ""
    }

    /// Sets the value of the form field matching `selector` (input, textarea or select)
    /// and dispatches `input` and `change` events, as typing would. Uses the native
    /// `value` setter, so frameworks that track the property notice the change.
    ///
    /// - Throws: ``BrowserError`` if no element matches or it has no `value`.
    public func fill(_ selector: String, with value: String) async throws {
        try await run(
            """
            (() => {
              const element = document.querySelector(\(jsLiteral(selector)));
              if (!element) throw new Error("no element matches " + \(jsLiteral(selector)));
              if (!("value" in element)) throw new Error(\(jsLiteral(selector)) + " is not a form field");
              element.focus();
              const setter = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(element), "value")?.set;
              if (setter) setter.call(element, \(jsLiteral(value))); else element.value = \(jsLiteral(value));
              element.dispatchEvent(new Event("input", { bubbles: true }));
              element.dispatchEvent(new Event("change", { bubbles: true }));
            })()
            """, describedAs: "fill(\(selector))")
    }

    /// The cookies the page's URL would send (`Network.getCookies`), including
    /// `HttpOnly` ones that `document.cookie` hides.
    public func cookies() async throws -> [BrowserCookie] {
        try await send("Network.enable")
        let reply = try await send("Network.getCookies")
        return (reply["cookies"]?.arrayValue ?? []).map(Self.cookie(from:))
    }

    // MARK: Rendering

    /// A PNG screenshot of the viewport.
    public func screenshot() async throws -> Data {
        try await send("Page.bringToFront")
        let reply = try await send("Page.captureScreenshot", ["format": "png"])
        guard let base64 = reply["data"]?.stringValue, let png = Data(base64Encoded: base64) else {
            throw BrowserError("Page.captureScreenshot returned no base64 data")
        }
        return png
    }

    /// Emulates a viewport of `width` × `height` CSS pixels at device scale factor 1.
    /// With `mobile`, the page is laid out like on a phone (the `<meta name="viewport">`
    /// tag applies, overlay scrollbars) and touch input is emulated.
    public func setViewport(width: Int, height: Int, mobile: Bool = false) async throws {
        try await send(
            "Emulation.setDeviceMetricsOverride",
            [
                "width": .number(Double(width)), "height": .number(Double(height)),
                "deviceScaleFactor": 1, "mobile": .bool(mobile),
            ])
        try await send("Emulation.setTouchEmulationEnabled", ["enabled": .bool(mobile), "maxTouchPoints": 5])
    }

    /// Undoes ``setViewport(width:height:mobile:)``.
    public func resetViewport() async throws {
        try await send("Emulation.clearDeviceMetricsOverride")
        try await send("Emulation.setTouchEmulationEnabled", ["enabled": false])
    }

    // MARK: Waiting for navigations

    /// Tags the current document with a random marker; a document without it is a new one.
    private func placeNavigationMarker() async throws -> String {
        let marker = UUID().uuidString
        try await run("globalThis.__headlessBrowserMarker = \(jsLiteral(marker))", describedAs: "marking the document")
        return marker
    }

    private func performPossiblyNavigating(
        _ action: String,
        gracePeriod: Duration,
        timeout: Duration,
        script: String
    ) async throws {
        let marker = try await placeNavigationMarker()
        let mark = browser.markEvents()
        try await run(script, describedAs: action, timeout: timeout)
        try await waitForNavigation(
            awayFrom: marker, since: mark, gracePeriod: gracePeriod, timeout: timeout, action: action)
    }

    /// Polls every 50 ms until the document carrying `marker` has been replaced by one
    /// whose `readyState` is `"complete"` (with `marker == nil`: until the current document
    /// is complete). Returns early, keeping the old document, if the main frame started
    /// and stopped loading without replacing it (HTTP 204, download), or if `gracePeriod`
    /// is given and no navigation started within it.
    private func waitForNavigation(
        awayFrom marker: String?,
        since mark: EventMark,
        gracePeriod: Duration?,
        timeout: Duration,
        action: String
    ) async throws {
        let start = ContinuousClock.now
        let deadline = start + timeout
        let probe = marker.map {
            "globalThis.__headlessBrowserMarker === \(jsLiteral($0)) ? 'old document' : document.readyState"
        } ?? "document.readyState"
        var lastObservation = "no answer from the page"
        while true {
            do {
                let remaining = max(deadline - .now, .milliseconds(100))
                let state = try await run(probe, describedAs: "checking the document", timeout: min(remaining, .seconds(5)))
                    .stringValue ?? "?"
                if state == "complete" { return }
                lastObservation = "document state: \(state)"
                if state == "old document" {
                    switch mainFrameLoading(since: mark) {
                    case .startedAndStopped:
                        return
                    case .notStarted:
                        if let gracePeriod, ContinuousClock.now - start >= gracePeriod { return }
                    case .loading:
                        break
                    }
                }
            } catch {
                lastObservation = "\(error)"  // e.g. the execution context went away mid-navigation
            }
            guard ContinuousClock.now < deadline else {
                throw BrowserError("\(action): the page did not finish loading within \(timeout) (\(lastObservation))")
            }
            try await Task.sleep(for: Self.pollInterval)
        }
    }

    private enum MainFrameLoading { case notStarted, loading, startedAndStopped }

    private func mainFrameLoading(since mark: EventMark) -> MainFrameLoading {
        var state = MainFrameLoading.notStarted
        for event in browser.bufferedEvents(after: mark, session: sessionID)
        where event.params["frameId"]?.stringValue == targetID {
            switch event.method {
            case "Page.frameStartedLoading": state = .loading
            case "Page.frameStoppedLoading" where state == .loading: state = .startedAndStopped
            default: break
            }
        }
        return state
    }

    // MARK: Helpers

    /// Evaluates `script`; an exception becomes a ``BrowserError`` that names `action`
    /// rather than quoting the whole script.
    @discardableResult
    private func run(_ script: String, describedAs action: String, timeout: Duration = .seconds(20)) async throws -> DevToolsValue {
        let reply = try await send(
            "Runtime.evaluate",
            ["expression": .string(script), "returnByValue": true, "awaitPromise": true, "userGesture": true],
            timeout: timeout)
        if let details = reply["exceptionDetails"] {
            throw BrowserError("\(action) failed: \(exceptionText(details))")
        }
        return javaScriptValue(reply["result"])
    }

    private static func cookie(from json: DevToolsValue) -> BrowserCookie {
        let expires = json["expires"]?.doubleValue ?? -1
        return BrowserCookie(
            name: json["name"]?.stringValue ?? "",
            value: json["value"]?.stringValue ?? "",
            domain: json["domain"]?.stringValue ?? "",
            path: json["path"]?.stringValue ?? "",
            httpOnly: json["httpOnly"]?.boolValue ?? false,
            secure: json["secure"]?.boolValue ?? false,
            sameSite: json["sameSite"]?.stringValue,
            expires: (json["session"]?.boolValue ?? false) || expires < 0 ? nil : expires)
    }

    private func javaScriptValue(_ remoteObject: DevToolsValue?) -> DevToolsValue {
        if let value = remoteObject?["value"] { return value }
        if let unserializable = remoteObject?["unserializableValue"]?.stringValue {
            // "NaN", "Infinity", "-Infinity", "-0", or a BigInt such as "12n".
            return Double(unserializable).map(DevToolsValue.number) ?? .string(unserializable)
        }
        return .null
    }

    private func exceptionText(_ details: DevToolsValue) -> String {
        if let description = details["exception"]?["description"]?.stringValue {
            return description.split(separator: "\n", maxSplits: 1).first.map(String.init) ?? description
        }
        if let value = details["exception"]?["value"] { return "Uncaught \(value)" }
        return details["text"]?.stringValue ?? "\(details)"
    }

    private func typeMismatch(_ expression: String, expected: String, got value: DevToolsValue) -> BrowserError {
        BrowserError("`\(abbreviated(expression))` evaluated to \(value), expected \(expected)")
    }
}

/// `text` as a JavaScript string literal.
func jsLiteral(_ text: String) -> String {
    DevToolsValue.string(text).description
}

func abbreviated(_ text: String, limit: Int = 80) -> String {
    let oneLine = text.split(whereSeparator: \.isNewline)
        .map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
    return oneLine.count <= limit ? oneLine : oneLine.prefix(limit) + "…"
}

