import Herald
import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Resolves host names with `getaddrinfo(3)` without blocking the caller's thread.
enum NetworkNameResolver {
    /// Every distinct address `host` resolves to, in resolver order, looked up on a global
    /// dispatch queue so the blocking call never occupies a Swift concurrency thread. A
    /// cancelled caller gets a failure at once; the lookup finishes on its own thread and its
    /// answer is dropped (getaddrinfo cannot be interrupted).
    static func addresses(host: String, port: Int) async -> Result<[IPAddress], NetworkGuardError> {
        let answer = OnceContinuation<Result<[IPAddress], NetworkGuardError>>()
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                answer.set(continuation)
                DispatchQueue.global(qos: .userInitiated).async {
                    answer.resume(returning: lookup(host: host, port: port))
                }
            }
        } onCancel: {
            answer.resume(returning: .failure(.dnsFailure(host: host, reason: "the lookup did not finish within the attempt's deadline")))
        }
    }

    /// The blocking lookup: `getaddrinfo` with `AF_UNSPEC` and `SOCK_STREAM`.
    static func lookup(host: String, port: Int) -> Result<[IPAddress], NetworkGuardError> {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        #if canImport(Glibc)
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #else
        hints.ai_socktype = SOCK_STREAM
        #endif
        hints.ai_flags = AI_NUMERICSERV

        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        defer {
            if let list { freeaddrinfo(list) }
        }
        guard status == 0 else {
            return .failure(.dnsFailure(host: host, reason: describe(status)))
        }

        var addresses: [IPAddress] = []
        var cursor = list
        while let entry = cursor {
            if let address = address(of: entry.pointee), !addresses.contains(address) {
                addresses.append(address)
            }
            cursor = entry.pointee.ai_next
        }
        guard !addresses.isEmpty else {
            return .failure(.dnsFailure(host: host, reason: "the name has no IPv4 or IPv6 addresses"))
        }
        return .success(addresses)
    }

    private static func address(of entry: addrinfo) -> IPAddress? {
        guard let socketAddress = entry.ai_addr else { return nil }
        switch entry.ai_family {
        case AF_INET:
            guard Int(entry.ai_addrlen) >= MemoryLayout<sockaddr_in>.size else { return nil }
            let ipv4 = UnsafeRawPointer(socketAddress).loadUnaligned(as: sockaddr_in.self)
            return .v4(UInt32(bigEndian: ipv4.sin_addr.s_addr))
        case AF_INET6:
            guard Int(entry.ai_addrlen) >= MemoryLayout<sockaddr_in6>.size else { return nil }
            let ipv6 = UnsafeRawPointer(socketAddress).loadUnaligned(as: sockaddr_in6.self)
            return withUnsafeBytes(of: ipv6.sin6_addr) { IPAddress(bytes: Array($0)) }
        default:
            return nil
        }
    }

    private static func describe(_ status: Int32) -> String {
        if status == EAI_SYSTEM {
            return String(cString: strerror(errno))
        }
        guard let text = gai_strerror(status) else { return "getaddrinfo error \(status)" }
        return String(cString: text)
    }
}
