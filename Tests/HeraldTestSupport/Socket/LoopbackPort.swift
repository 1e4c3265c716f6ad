#if canImport(Glibc)
import Glibc
#endif

/// Loopback ports for servers a test starts as child processes (which take `--port N`).
public enum LoopbackPort {
    /// A loopback port nothing listens on right now (reserved, then let go for the server), or
    /// nil when 200 tries found none.
    ///
    /// Below Linux's ephemeral range (32768–60999 by default): a port from that range, free
    /// when checked, was at times taken as the local port of one of the many connections the
    /// tests open before the server bound it.
    public static func free() -> Int? {
        for _ in 0..<200 {
            let port = Int.random(in: 20_000..<32_768)
            if isFree(port) { return port }
        }
        return nil
    }

    /// True when `port` on 127.0.0.1 can be bound now.
    public static func isFree(_ port: Int) -> Bool {
        withSocket(to: port) { descriptor, address, length in bind(descriptor, address, length) == 0 }
    }

    /// True once something accepts connections on `port` of 127.0.0.1.
    public static func accepts(_ port: Int) -> Bool {
        withSocket(to: port) { descriptor, address, length in connect(descriptor, address, length) == 0 }
    }

    /// Runs `body` with a new TCP socket and the address of `port` on 127.0.0.1, then closes it.
    private static func withSocket(to port: Int, _ body: (Int32, UnsafePointer<sockaddr>, socklen_t) -> Bool) -> Bool {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
    }
}
