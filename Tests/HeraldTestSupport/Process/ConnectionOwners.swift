import Foundation
import Synchronization

/// Which process holds the client end of each loopback TCP connection to one port: read from
/// Linux's `/proc` (each process's open sockets, `/proc/<pid>/fd`, matched by inode to the
/// connections of `/proc/net/tcp`), as `ss -tnp` does. With a receiver that records each
/// request's client port (``ReceivedRequest/remotePort``), it tells which of several Herald
/// processes made an attempt, without anything added to Herald for it.
///
/// A connection is seen only while it is open, so the owners are sampled every `interval`
/// from ``start(processes:remotePort:interval:)`` until ``stop()``; pooled, kept-alive
/// connections live far longer than that. A client port that two processes used in turn
/// (a closed connection's port reused) is attributed to the later one.
public final class ConnectionOwners: Sendable {
    private let owners = Mutex<[Int: Int32]>([:])
    private let processes: Mutex<[Int32]>
    private let remotePort: Int
    private let sampler = Mutex<Task<Void, Never>?>(nil)

    private init(processes: [Int32], remotePort: Int) {
        self.processes = Mutex(processes)
        self.remotePort = remotePort
    }

    /// Starts sampling the connections that `processes` hold to 127.0.0.1:`remotePort`.
    public static func start(processes: [Int32], remotePort: Int, interval: Duration = .milliseconds(100)) -> ConnectionOwners {
        let owners = ConnectionOwners(processes: processes, remotePort: remotePort)
        owners.sample()
        let task = Task.detached {
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                owners.sample()
            }
        }
        owners.sampler.withLock { $0 = task }
        return owners
    }

    /// Samples once more, then stops sampling.
    public func stop() async {
        let task = sampler.withLock { task in defer { task = nil }; return task }
        task?.cancel()
        await task?.value
        sample()
    }

    /// The process that held the connection whose client port is `port`, if it was seen.
    public func owner(ofClientPort port: Int?) -> Int32? {
        guard let port else { return nil }
        return owners.withLock { $0[port] }
    }

    /// Every client port seen so far, with its process.
    public var all: [Int: Int32] { owners.withLock { $0 } }

    /// Reads the current connections once.
    public func sample() {
        let byInode = Self.clientPortsByInode(remotePort: remotePort)
        guard !byInode.isEmpty else { return }
        var found = [Int: Int32]()
        for pid in processes.withLock({ $0 }) {
            for inode in Self.socketInodes(of: pid) {
                if let port = byInode[inode] { found[port] = pid }
            }
        }
        owners.withLock { $0.merge(found) { $1 } }
    }

    /// Inode → local port of the TCP connections (IPv4 and IPv6) whose remote port is `remotePort`.
    static func clientPortsByInode(remotePort: Int) -> [UInt64: Int] {
        var result = [UInt64: Int]()
        for table in ["/proc/net/tcp", "/proc/net/tcp6"] {
            // Read to the end: the size of a /proc file is 0, and String(contentsOfFile:) stops after the first page.
            guard let handle = FileHandle(forReadingAtPath: table) else { continue }
            let text = String(decoding: handle.readDataToEndOfFile(), as: UTF8.self)
            try? handle.close()
            let remoteField = ":" + String(remotePort, radix: 16, uppercase: true).leftPadded(to: 4) + " "
            for line in text.split(separator: "\n").dropFirst() where line.contains(remoteField) {
                // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
                let fields = line.split(separator: " ", omittingEmptySubsequences: true)
                guard fields.count > 9, let local = port(of: fields[1]), let remote = port(of: fields[2]), remote == remotePort,
                      let inode = UInt64(fields[9]), inode != 0 else { continue }
                result[inode] = local
            }
        }
        return result
    }

    /// The port of an `ADDRESS:PORT` field (hexadecimal).
    private static func port(of field: Substring) -> Int? {
        guard let colon = field.lastIndex(of: ":") else { return nil }
        return Int(field[field.index(after: colon)...], radix: 16)
    }

    /// The inodes of the sockets `pid` has open (`socket:[inode]` links in `/proc/<pid>/fd`).
    static func socketInodes(of pid: Int32) -> [UInt64] {
        let folder = "/proc/\(pid)/fd"
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return [] }
        var inodes = [UInt64]()
        var buffer = [CChar](repeating: 0, count: 64)
        for name in names {
            let length = readlink(folder + "/" + name, &buffer, buffer.count - 1)
            guard length > 9 else { continue }
            let target = String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            guard target.hasPrefix("socket:["), target.hasSuffix("]"), let inode = UInt64(target.dropFirst(8).dropLast()) else { continue }
            inodes.append(inode)
        }
        return inodes
    }
}

extension String {
    /// The string with zeros before it up to `length` characters.
    fileprivate func leftPadded(to length: Int) -> String {
        String(repeating: "0", count: max(0, length - count)) + self
    }
}
