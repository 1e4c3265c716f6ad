import Mustache

/// A page to answer with: its title, its template and values, and what frames it.
struct WebPage {
    var title: String
    var template: String
    var values: [String: Any] = [:]
    /// Links above the title, outermost first: (label, href).
    var crumbs: [(String, String)] = []
    var notice: String?
    var error: String?
    /// The HTTP status to answer with.
    var status = 200
    /// Where the page sends the browser on at once (the portal's entry).
    var refresh: String?
}

/// Renders pages with the templates of ``WebTemplates``, parsed once.
enum PageRenderer {
    static let library: MustacheLibrary = {
        let templates: [String: String] = [
            "layout": WebTemplates.layout, "time": WebTemplates.time, "csrf": WebTemplates.csrf, "problem": WebTemplates.problem,
            "signIn": WebTemplates.signIn, "portalEnter": WebTemplates.portalEnter,
            "applications": WebTemplates.applications, "application": WebTemplates.application,
            "eventTypeChoice": WebTemplates.eventTypeChoice, "sendMessage": WebTemplates.sendMessage,
            "endpoint": WebTemplates.endpoint, "attemptTable": WebTemplates.attemptTable,
            "messages": WebTemplates.messages, "message": WebTemplates.message, "attempt": WebTemplates.attempt,
            "catalog": WebTemplates.catalog, "eventType": WebTemplates.eventType, "inbox": WebTemplates.inbox,
        ]
        var library = MustacheLibrary()
        for (name, text) in templates {
            do {
                try library.register(text, named: name)
            } catch {
                preconditionFailure("web template \(name) does not parse: \(error)")
            }
        }
        return library
    }()

    /// The whole document: the page's content inside the layout.
    static func render(_ page: WebPage, frame: PageFrame) -> String {
        var values = page.values
        values["csrf"] = frame.csrf
        let content = library.render(unwrapped(values) ?? [:], withTemplate: page.template) ?? ""
        var layout: [String: Any] = [
            "title": page.title, "content": content, "home": frame.home, "stylePath": WebAssets.stylePath, "scriptPath": WebAssets.scriptPath,
            "nav": frame.nav.map { ["label": $0.label, "href": $0.href, "current": $0.current] }, "hasNav": !frame.nav.isEmpty,
            "crumbs": page.crumbs.map { ["label": $0.0, "href": $0.1] }, "hasCrumbs": !page.crumbs.isEmpty,
            "portal": frame.isPortal, "appName": frame.appName ?? "",
        ]
        if let action = frame.signOutAction { layout["signOut"] = ["action": action, "csrf": frame.csrf ?? ""] }
        if let notice = page.notice { layout["notice"] = notice }
        if let error = page.error { layout["error"] = error }
        if let refresh = page.refresh { layout["refresh"] = refresh }
        return library.render(unwrapped(layout) ?? [:], withTemplate: "layout") ?? ""
    }

    /// The values with every optional unwrapped and every nil left out: mustache would render
    /// an optional put in an `Any` as the text "nil" (or "Optional(…)") rather than skip it.
    static func unwrapped(_ value: Any) -> Any? {
        let mirror = Mirror(reflecting: value)
        if mirror.displayStyle == .optional {
            guard let wrapped = mirror.children.first?.value else { return nil }
            return unwrapped(wrapped)
        }
        if let dictionary = value as? [String: Any] { return dictionary.compactMapValues { unwrapped($0) } }
        if let array = value as? [Any] { return array.compactMap { unwrapped($0) } }
        return value
    }
}

/// What surrounds a page: the navigation, the session's CSRF token and sign-out.
struct PageFrame {
    struct Link {
        let label: String
        let href: String
        let current: Bool
    }

    var home: String
    var nav: [Link] = []
    var csrf: String?
    var signOutAction: String?
    var isPortal = false
    var appName: String?

    /// The frame of a page nobody is signed in to.
    static let signedOut = PageFrame(home: "/")
}
