import Herald
import AsyncHTTPClient
import Foundation
import NIOHTTP1

/// Where an attempt connects: the endpoint URL with its host checked by the network guard.
/// For `http` the request goes to the approved IP address itself (with the original `Host`
/// header), so DNS cannot change between the check and the connection. For `https` the name
/// is kept, because the certificate must be checked against it; a name that re-resolves to an
/// internal address would also need a certificate valid for that name to get anywhere.
struct GuardedTarget: Sendable {
    let hostHeader: String
    /// A POST to the address to connect to (for `http`, the approved IP itself) with no headers or body, its URL parsed once: each attempt copies
    /// it and adds its own.
    let request: HTTPClient.Request

    struct Failure: Error, Sendable {
        let kind: DeliveryErrorKind
        let message: String
    }

    static func resolve(_ url: String, guard networkGuard: NetworkGuard) async throws(Failure) -> GuardedTarget {
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = components.host, !host.isEmpty else {
            throw Failure(kind: .invalidURL, message: "the endpoint URL '\(url)' is not an absolute http(s) URL")
        }
        let port = components.port ?? (scheme == "https" ? 443 : 80)
        let address: IPAddress
        if scheme == "http", let own = networkGuard.ownInbox?.address(host: host, port: port, path: components.path) {
            address = own
        } else {
            do {
                address = try await networkGuard.resolve(host: host, port: port)
            } catch {
                throw Failure(kind: error.code == .dnsFailure ? .dnsFailure : .refusedByNetworkGuard, message: error.message)
            }
        }
        let defaultPort = (scheme == "https" && port == 443) || (scheme == "http" && port == 80)
        let hostHeader = (host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host) + (defaultPort ? "" : ":\(port)")
        var pathAndQuery = components.percentEncodedPath.isEmpty ? "/" : components.percentEncodedPath
        if let query = components.percentEncodedQuery { pathAndQuery += "?" + query }
        let connectURL = scheme == "https" ? url : "http://\(address.urlHost):\(port)\(pathAndQuery)"
        guard let request = try? HTTPClient.Request(url: connectURL, method: .POST) else {
            throw Failure(kind: .invalidURL, message: "the endpoint URL '\(url)' cannot be requested")
        }
        return GuardedTarget(hostHeader: hostHeader, request: request)
    }

    /// ``resolve(_:guard:)`` bounded by `timeout` (the attempt's): a lookup that hangs ends as a
    /// `timeout`. Only a target not yet cached pays for this race.
    static func resolve(_ url: String, guard networkGuard: NetworkGuard, within timeout: Duration) async throws(Failure) -> GuardedTarget {
        let first = await withTaskGroup(of: Result<GuardedTarget, Failure>?.self) { group in
            group.addTask {
                do throws(Failure) {
                    return .success(try await resolve(url, guard: networkGuard))
                } catch {
                    return .failure(error)
                }
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
        guard let first else {
            throw Failure(kind: .timeout, message: "the endpoint's host name did not resolve within \(timeout.milliseconds) ms")
        }
        return try first.get()
    }
}
