import Foundation
import HeraldAPI
import Hummingbird

/// One page request of a signed-in browser: its session, the API as that session may use it,
/// and where its pages live (the dashboard's `/apps/{app}/…` or the portal's `/portal/…`).
struct WebRequest: Sendable {
    let session: WebSession
    let api: SessionAPI
    let csrf: String
    let scope: PageScope
    /// `http(s)://host:port` the browser reached this server at.
    let origin: String

    /// The frame of this session's pages, `current` naming the navigation entry to mark.
    func frame(current: String? = nil, appName: String? = nil) -> PageFrame {
        var frame = PageFrame(home: scope.home, csrf: csrf, signOutAction: scope.signOutAction, isPortal: scope.isPortal, appName: appName)
        let entries: [(String, String)] = scope.isPortal
            ? [("Endpoints", "/portal"), ("Messages", "/portal/messages"), ("Event catalog", "/portal/catalog"), ("Test inbox", "/portal/inbox")]
            : [("Applications", "/apps"), ("Event catalog", "/catalog"), ("Test inbox", "/inbox")]
        frame.nav = entries.map { PageFrame.Link(label: $0.0, href: $0.1, current: $0.0 == current) }
        return frame
    }
}

/// Where a session's pages are: the dashboard reaches every application under `/apps/{app}`,
/// a portal its one application under `/portal`.
struct PageScope: Sendable {
    let isPortal: Bool
    /// The portal's application.
    let portalAppID: String?

    static let dashboard = PageScope(isPortal: false, portalAppID: nil)

    static func portal(_ appID: String) -> PageScope { PageScope(isPortal: true, portalAppID: appID) }

    var home: String { isPortal ? "/portal" : "/apps" }
    var signOutAction: String { isPortal ? "/portal/signout" : "/signout" }
    var catalogBase: String { isPortal ? "/portal/catalog" : "/catalog" }
    var inboxPath: String { isPortal ? "/portal/inbox" : "/inbox" }

    /// The base of an application's pages.
    func appBase(_ appID: String) -> String { isPortal ? "/portal" : "/apps/\(PathComponent.encode(appID))" }

    /// The application's endpoints page.
    func appHome(_ appID: String) -> String { appBase(appID) }
}

/// Percent-encoding of one path segment or query value.
enum PathComponent {
    private static let allowed: CharacterSet = {
        CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
    }()

    static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}
