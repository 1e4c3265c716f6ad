// swift-tools-version: 6.1
import PackageDescription

/// Every target: Swift 6 language mode (the tools version's default), `any` spelled out for
/// existentials, and imports that must name the module whose members a file uses.
let strictness: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "Herald",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "Herald", targets: ["Herald"]),
        .library(name: "HeraldAPI", targets: ["HeraldAPI"]),
        .library(name: "HeraldClient", targets: ["HeraldClient"]),
        .library(name: "HeraldJSON", targets: ["HeraldJSON"]),
        .library(name: "HeraldStore", targets: ["HeraldStore"]),
        .library(name: "HeraldSQLite", targets: ["HeraldSQLite"]),
        .library(name: "HeraldPostgres", targets: ["HeraldPostgres"]),
        .library(name: "HeraldDelivery", targets: ["HeraldDelivery"]),
        .library(name: "HeraldServer", targets: ["HeraldServer"]),
        .library(name: "HeraldListener", targets: ["HeraldListener"]),
        .library(name: "HeraldService", targets: ["HeraldService"]),
        .library(name: "HeraldReceiver", targets: ["HeraldReceiver"]),
        .library(name: "HeraldReceiverHummingbird", targets: ["HeraldReceiverHummingbird"]),
        .executable(name: "herald", targets: ["herald"]),
        .executable(name: "herald-sample-receiver", targets: ["HeraldSampleReceiver"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-configuration.git", from: "1.4.0", traits: ["JSON", "YAML"]),
        .package(url: "https://github.com/apple/swift-system.git", from: "1.8.1"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift.git", from: "0.2.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/apple/swift-collections.git", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-nio-http2.git", from: "1.46.0"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
    ],
    targets: [
        // The core: ids, envelope, secrets, signer, verifier. swift-crypto only (and this package's
        // own dependency-free JSON parser, to read batch bodies), so that any Swift program can
        // verify webhooks with it alone.
        .target(
            name: "Herald",
            dependencies: [
                "HeraldJSON",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strictness
        ),
        // The JSON shapes of the HTTP API, shared by the server and the client.
        .target(
            name: "HeraldAPI",
            dependencies: ["Herald", "HeraldJSON"],
            swiftSettings: strictness
        ),
        // A strict JSON parser that keeps numbers and byte ranges exactly, and the JSON Schema
        // subset payloads are checked against.
        .target(
            name: "HeraldJSON",
            swiftSettings: strictness
        ),
        // What Herald persists, as a protocol with its records and errors; no database here.
        .target(
            name: "HeraldStore",
            swiftSettings: strictness
        ),
        // The store on an embedded SQLite database (GRDB, WAL, group commits).
        .target(
            name: "HeraldSQLite",
            dependencies: [
                "Herald", "HeraldStore",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: strictness
        ),
        // Hummingbird's HTTP/1.1 server within limits: deadlines for each request's head and body,
        // an idle timeout, a cap on connections. Herald's API listens with it, and so can a
        // receiver: slow or stalled clients cannot hold connections for as long as they like.
        .target(
            name: "HeraldListener",
            dependencies: [
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictness
        ),
        // The receiving side, for any Standard Webhooks sender: verification, a source allowlist,
        // a durable de-duplicating inbox (SQLite), handlers run in the background with a timeout,
        // retries and dead letters, typed dispatch by type and version, logs and metrics. No web
        // framework and nothing of the sending service.
        .target(
            name: "HeraldReceiver",
            dependencies: [
                "Herald", "HeraldJSON",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictness
        ),
        // HeraldReceiver as a Hummingbird 2 route.
        .target(
            name: "HeraldReceiverHummingbird",
            dependencies: [
                "HeraldReceiver", "Herald",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: strictness
        ),
        // The store on PostgreSQL (PostgresNIO), for several processes sharing one database.
        .target(
            name: "HeraldPostgres",
            dependencies: [
                "Herald", "HeraldStore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictness
        ),
        // The dispatcher, the sender, the delivery policies and the network guard.
        .target(
            name: "HeraldDelivery",
            dependencies: [
                "Herald", "HeraldStore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
            ],
            swiftSettings: strictness
        ),
        // The HTTP API: routes and middleware, and the limits of its listener; no wiring.
        .target(
            name: "HeraldServer",
            dependencies: [
                "Herald", "HeraldAPI", "HeraldJSON", "HeraldStore", "HeraldDelivery",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            resources: [.copy("Resources/openapi.json")],
            swiftSettings: strictness
        ),
        // The composition root: settings → store → HTTP client → dispatcher, retention, API → one
        // service group. What `herald serve` runs and what process-level tests start.
        .target(
            name: "HeraldService",
            dependencies: [
                "Herald", "HeraldStore", "HeraldSQLite", "HeraldPostgres", "HeraldDelivery", "HeraldServer", "HeraldListener",
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "SystemPackage", package: "swift-system"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: strictness
        ),
        // A Swift client for the HTTP API.
        .target(
            name: "HeraldClient",
            dependencies: [
                "Herald", "HeraldAPI",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: strictness
        ),
        // The benchmarks behind `herald bench`, each a ratio against a ceiling measured in the same run.
        .target(
            name: "HeraldBench",
            dependencies: [
                "Herald", "HeraldDelivery", "HeraldReceiver", "HeraldReceiverHummingbird",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: strictness
        ),
        // The `herald` command: thin commands over the service, the client, the core and the benchmarks.
        .executableTarget(
            name: "herald",
            dependencies: [
                "Herald", "HeraldAPI", "HeraldClient", "HeraldDelivery", "HeraldService", "HeraldBench", "HeraldJSON", "HeraldListener", "HeraldReceiver", "HeraldReceiverHummingbird",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strictness
        ),

        // samples/swift: a receiver built on HeraldReceiver, run by the samples' tests.
        .executableTarget(
            name: "HeraldSampleReceiver",
            dependencies: [
                "HeraldReceiver", "HeraldReceiverHummingbird", "HeraldListener",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "samples/swift/Sources",
            swiftSettings: strictness
        ),

        // Helpers every test target shares: Herald in the test's process (HummingbirdTesting) or
        // as a child process, an HTTP client that shows the raw answer, scripted receivers (plain
        // and TLS), posting load, a seeded random source, a read-only look into a SQLite database.
        .target(
            name: "HeraldTestSupport",
            dependencies: [
                "Herald", "HeraldService", "HeraldStore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTP2", package: "swift-nio-http2"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            path: "Tests/HeraldTestSupport",
            swiftSettings: strictness
        ),
        // The store conformance suite: every behaviour `HeraldStore` documents, as named cases that
        // any implementation's test target runs against a factory of fresh, empty stores.
        .target(
            name: "HeraldStoreConformance",
            dependencies: ["Herald", "HeraldStore"],
            path: "Tests/HeraldStoreConformance",
            swiftSettings: strictness
        ),
        .testTarget(
            name: "HeraldTests",
            dependencies: [
                // The executable, so that the signing commands' tests find it built.
                "Herald", "herald", "HeraldTestSupport",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            resources: [.copy("Fixtures")],
            swiftSettings: strictness
        ),
        .testTarget(
            name: "HeraldReceiverTests",
            dependencies: [
                "Herald", "HeraldListener", "HeraldReceiver", "HeraldReceiverHummingbird",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "MetricsTestKit", package: "swift-metrics"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: strictness
        ),
        .testTarget(
            name: "HeraldJSONTests",
            dependencies: ["HeraldJSON", "HeraldTestSupport"],
            swiftSettings: strictness
        ),
        .testTarget(
            name: "HeraldSQLiteTests",
            dependencies: [
                "HeraldStore", "HeraldSQLite", "HeraldStoreConformance", "HeraldTestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: strictness
        ),
        .testTarget(
            name: "HeraldPostgresTests",
            dependencies: [
                // The executable, so that the tests that run several `herald serve` processes on
                // one database find it built.
                "herald",
                "Herald", "HeraldStore", "HeraldPostgres", "HeraldStoreConformance", "HeraldTestSupport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            swiftSettings: strictness
        ),
        .testTarget(
            name: "HeraldClientTests",
            dependencies: ["HeraldAPI", "HeraldClient", "HeraldJSON"],
            swiftSettings: strictness
        ),
        .testTarget(
            name: "HeraldDeliveryTests",
            dependencies: [
                "Herald", "HeraldStore", "HeraldSQLite", "HeraldDelivery", "HeraldTestSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strictness
        ),
        .testTarget(
            name: "HeraldServiceTests",
            dependencies: [
                "Herald", "HeraldDelivery", "HeraldListener", "HeraldServer", "HeraldService", "HeraldTestSupport",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictness
        ),
        .testTarget(
            name: "HeraldServerTests",
            dependencies: [
                "Herald", "HeraldAPI", "HeraldClient", "HeraldDelivery", "HeraldJSON", "HeraldStore", "HeraldSQLite", "HeraldServer", "HeraldTestSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strictness
        ),
        // The herald command as a user runs it: serve under signals and kill -9, its settings on
        // the command line, the client commands, the benchmarks (signing's are with the vectors).
        .testTarget(
            name: "HeraldCLITests",
            dependencies: [
                // The executables, so that they are built before the tests run them.
                "herald", "HeraldSampleReceiver", "Herald", "HeraldTestSupport",
            ],
            swiftSettings: strictness
        ),
        // The dashboard and the portal: their security over HTTP, and whole journeys in headless Chromium.
        .testTarget(
            name: "HeraldWebTests",
            dependencies: [
                "herald", "HeraldTestSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strictness
        ),
    ]
)
