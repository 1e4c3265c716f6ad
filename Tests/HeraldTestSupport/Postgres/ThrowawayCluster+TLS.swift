import Foundation

#if canImport(Glibc)
import Glibc
#endif

extension ThrowawayCluster {
    /// A certificate authority made for one cluster and the server certificate it signed, for
    /// `localhost` only (no IP address): a client that checks the host name accepts the
    /// server as `localhost` and refuses it as `127.0.0.1`.
    struct TLSFiles: Sendable {
        /// The authority's certificate (PEM), for a client's `sslrootcert`.
        let authority: String
        /// The server's certificate (PEM).
        let certificate: String
        /// The server's private key (PEM), readable by the server's user only.
        let key: String

        /// Makes the files with openssl in `directory` (owned by the `postgres` user when the
        /// server runs as that user: PostgreSQL refuses a key that others can read).
        static func make(in directory: String, runAsPostgres: Bool) throws -> TLSFiles {
            let files = TLSFiles(authority: directory + "/ca.crt", certificate: directory + "/server.crt", key: directory + "/server.key")
            let authorityKey = directory + "/ca.key", request = directory + "/server.csr", extensions = directory + "/server.ext"
            let curve = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
            try openssl(["req", "-x509"] + curve + ["-days", "1", "-subj", "/CN=Herald test authority",
                                                   "-keyout", authorityKey, "-out", files.authority])
            try openssl(["req", "-new"] + curve + ["-subj", "/CN=localhost", "-keyout", files.key, "-out", request])
            try "subjectAltName=DNS:localhost\n".write(toFile: extensions, atomically: true, encoding: .utf8)
            try openssl(["x509", "-req", "-in", request, "-CA", files.authority, "-CAkey", authorityKey, "-CAcreateserial",
                         "-days", "1", "-extfile", extensions, "-out", files.certificate])
            chmod(files.key, 0o600)
            if runAsPostgres, let account = getpwnam("postgres") {
                for path in [files.certificate, files.key] { chown(path, account.pointee.pw_uid, account.pointee.pw_gid) }
            }
            return files
        }

        /// Replaces the cluster's `pg_hba.conf` so that TCP clients must use TLS: a plain
        /// connection finds no entry and is refused. (Written in place: the file keeps its owner.)
        static func allowEncryptedOnly(dataDirectory: String) throws {
            let rules = """
                local all all trust
                hostssl all all 127.0.0.1/32 trust
                hostssl all all ::1/128 trust

                """
            try rules.write(toFile: dataDirectory + "/pg_hba.conf", atomically: false, encoding: .utf8)
        }

        /// Runs openssl on this thread (the cluster is made off the cooperative pool).
        private static func openssl(_ arguments: [String]) throws {
            let result = try ChildProcess.runBlocking(URL(fileURLWithPath: "/usr/bin/openssl"), arguments, input: [], environment: [:])
            guard result.status == 0 else {
                throw TestPostgres.Unavailable(description: "openssl \(arguments.prefix(2).joined(separator: " ")) failed: \(result.standardError)")
            }
        }
    }
}
