#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The process's limit on open files, which bounds its connections: every connection is one
/// descriptor. Many systems start a process with a soft limit of 1024 and a far higher hard
/// one; Herald raises the soft limit as far as its settings need and the hard limit allows.
enum OpenFileLimit {
    /// Descriptors kept aside beyond the listener's connections: the database and its journal,
    /// outgoing deliveries' connections, log and configuration files.
    static let reserve = 1024

    /// Raises the soft limit to `needed` or as near as the hard limit allows, never lowers it;
    /// answers the soft limit in force afterwards.
    @discardableResult
    static func raise(toAtLeast needed: Int) -> Int {
        var limit = rlimit()
        guard getrlimit(resource, &limit) == 0 else { return 0 }
        if limit.rlim_cur != infinity, limit.rlim_cur < rlim_t(needed) {
            var raised = limit
            raised.rlim_cur = limit.rlim_max == infinity ? rlim_t(needed) : min(rlim_t(needed), limit.rlim_max)
            if setrlimit(resource, &raised) == 0 { limit = raised }
        }
        return limit.rlim_cur == infinity ? Int.max : Int(clamping: limit.rlim_cur)
    }

    #if canImport(Darwin)
    private static let infinity = RLIM_INFINITY
    #else
    /// `RLIM_INFINITY`, which Swift cannot import from Linux's headers (it is `(rlim_t) -1`).
    private static let infinity = rlim_t.max
    #endif

    #if canImport(Glibc)
    private static let resource = __rlimit_resource_t(UInt32(RLIMIT_NOFILE.rawValue))
    #else
    private static let resource = RLIMIT_NOFILE
    #endif
}
