import Herald
import Foundation
import NIOCore

/// Where an attempt connects: the endpoint URL with its host checked by the network guard.
/// The connection always goes to the approved IP address itself, so DNS cannot change between
/// the check and the connection; the original `Host` header is sent, and for `https` the name
/// is kept for SNI and checked against the certificate.
struct GuardedTarget: Sendable {
    let hostHeader: String
    /// The approved address, and whether and for which name to speak TLS.
    let connect: ConnectTarget
    /// The request target: the URL's path (`/` when empty) and query, as written.
    let pathAndQuery: String

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
        guard let socketAddress = try? SocketAddress(ipAddress: address.description, port: port) else {
            throw Failure(kind: .invalidURL, message: "the endpoint URL '\(url)' cannot be requested")
        }
        let bareHost = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        let serverName = scheme == "https" && IPAddress(bareHost) == nil ? bareHost : nil
        return GuardedTarget(hostHeader: hostHeader, connect: ConnectTarget(address: socketAddress, serverName: serverName, usesTLS: scheme == "https"),
                             pathAndQuery: pathAndQuery)
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
