import HeraldPostgres
import HeraldStore
import HeraldTestSupport
import Testing

/// `sslmode` against a real PostgreSQL server that accepts TCP connections over TLS only, with a
/// certificate for `localhost` signed by an authority made for the test. Each mode either
/// connects (then the migrations ran on the setup connection and a statement ran on the pool,
/// both through TLS, since the server refuses anything else) or fails with an error that says why.
@Suite("PostgreSQL over TLS")
struct PostgresTLSTests {
    /// The URL of the cluster's `postgres` database at `host`, with `query`.
    static func url(_ cluster: TestPostgresCluster, host: String = "127.0.0.1", _ query: String) -> String {
        "postgres://herald@\(host):\(cluster.server.port)/postgres?\(query)"
    }

    /// Opens a store at `url`, runs a statement on its pool, and answers the error that stopped
    /// it, if any.
    static func connectionError(_ url: String) async -> StoreError? {
        do {
            try await PostgresStores.withRunning { open in
                let store = try await open(url)
                try await store.checkHealth()
                _ = try await store.insertSettingIfAbsent("tls-checked", value: "yes")
            }
            return nil
        } catch let error as StoreError {
            return error
        } catch {
            return StoreError(.unavailable, "not a StoreError: \(error)")
        }
    }

    @Test("require, prefer and verify-full with the authority connect; disable, an unknown authority and a wrong host name are refused")
    func sslModes() async throws {
        let cluster = try await TestPostgresCluster.start(tlsOnly: true)
        defer { cluster.remove() }
        let authority = try #require(cluster.certificateAuthority)

        #expect(await Self.connectionError(Self.url(cluster, "sslmode=require")) == nil, "require: encrypted, certificate not checked")
        #expect(await Self.connectionError(Self.url(cluster, "sslmode=prefer")) == nil, "prefer: encrypted when the server offers it")
        let verified = Self.url(cluster, host: "localhost", "sslmode=verify-full&sslrootcert=\(authority)")
        #expect(await Self.connectionError(verified) == nil, "verify-full: the certificate names localhost and its authority is given")

        let plain = await Self.connectionError(Self.url(cluster, "sslmode=disable"))
        #expect(plain?.code == .unavailable)
        #expect(plain?.message.contains("no encryption") == true, "the server's refusal of a plain connection: \(plain?.message ?? "none")")

        let unknownAuthority = await Self.connectionError(Self.url(cluster, host: "localhost", "sslmode=verify-full"))
        #expect(unknownAuthority?.code == .unavailable, "verify-full trusted a certificate whose authority is not among the system's")
        let wrongHost = await Self.connectionError(Self.url(cluster, "sslmode=verify-full&sslrootcert=\(authority)"))
        #expect(wrongHost?.code == .unavailable, "verify-full accepted a certificate for localhost from 127.0.0.1")
        for error in [unknownAuthority, wrongHost] {
            #expect(error?.message.contains("cannot open the PostgreSQL database at postgres://herald@") == true, "\(error?.message ?? "none")")
        }
    }
}
