import Foundation
import NIOCore
import NIOHTTP1
import NIOHTTP2
import NIOPosix
import NIOSSL
import Synchronization

/// An HTTPS receiver on 127.0.0.1 that offers HTTP/2 and HTTP/1.1 by ALPN, with a certificate
/// for `localhost` made for this run, and records which protocol version each request used.
public final class TestTLSReceiver: Sendable {
    /// The bound port.
    public let port: Int
    /// The PEM file of the certificate, for the client to trust.
    public let certificatePath: String
    private let channel: any Channel
    private let box: TestTLSReceiverRecording

    private init(port: Int, certificatePath: String, channel: any Channel, box: TestTLSReceiverRecording) {
        self.port = port
        self.certificatePath = certificatePath
        self.channel = channel
        self.box = box
    }

    /// `https://localhost:PORT/hook`.
    public func url(_ path: String = "/hook") -> String { "https://localhost:\(port)\(path)" }

    /// The protocol versions of the requests received so far.
    public var receivedVersions: [HTTPVersion] { box.versions.withLock { $0 } }
    /// How many connections were accepted so far.
    public var acceptedConnections: Int { box.connections.load(ordering: .relaxed) }

    /// Makes a self-signed certificate for localhost with openssl and starts listening.
    public static func start() async throws -> TestTLSReceiver {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("herald-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let certificate = folder.appendingPathComponent("cert.pem").path
        let key = folder.appendingPathComponent("key.pem").path
        _ = try await ChildProcess.run(URL(fileURLWithPath: "/usr/bin/openssl"), [
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1",
            "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout", key, "-out", certificate,
        ])
        var tls = TLSConfiguration.makeServerConfiguration(
            certificateChain: try NIOSSLCertificate.fromPEMFile(certificate).map { .certificate($0) },
            privateKey: .privateKey(try NIOSSLPrivateKey(file: key, format: .pem)))
        tls.applicationProtocols = ["h2", "http/1.1"]
        let context = try NIOSSLContext(configuration: tls)
        let box = TestTLSReceiverRecording()
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                box.connections.add(1, ordering: .relaxed)
                return channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: context))
                }.flatMap {
                    channel.configureHTTP2SecureUpgrade(
                        h2ChannelConfigurator: { channel in
                            channel.configureHTTP2Pipeline(mode: .server, inboundStreamInitializer: { stream in
                                stream.eventLoop.makeCompletedFuture {
                                    try stream.pipeline.syncOperations.addHandlers([HTTP2FramePayloadToHTTP1ServerCodec(), TestTLSReceiverHandler(box: box)])
                                }
                            }).map { _ in }
                        },
                        http1ChannelConfigurator: { channel in
                            channel.pipeline.configureHTTPServerPipeline().flatMap {
                                channel.eventLoop.makeCompletedFuture {
                                    try channel.pipeline.syncOperations.addHandler(TestTLSReceiverHandler(box: box))
                                }
                            }
                        })
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        return TestTLSReceiver(port: channel.localAddress?.port ?? 0, certificatePath: certificate, channel: channel, box: box)
    }

    /// Stops listening.
    public func stop() async {
        try? await channel.close()
    }
}

/// What every connection of a ``TestTLSReceiver`` records.
final class TestTLSReceiverRecording: Sendable {
    let versions = Mutex<[HTTPVersion]>([])
    let connections = Atomic<Int>(0)
}

/// Answers every request 200 and records its HTTP version.
final class TestTLSReceiverHandler: ChannelInboundHandler, Sendable {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    let box: TestTLSReceiverRecording

    init(box: TestTLSReceiverRecording) {
        self.box = box
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            box.versions.withLock { $0.append(head.version) }
        case .body:
            break
        case .end:
            var headers = HTTPHeaders()
            headers.add(name: "content-length", value: "0")
            context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .ok, headers: headers))), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        }
    }
}
