// swift-tools-version:6.1
import PackageDescription

/// Settings every target shares: Swift 6 language mode plus the upcoming
/// features that keep imports and existentials explicit.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "pitwall",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "pitwall", targets: ["pitwall"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-collections.git", from: "1.6.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/yaslab/CSV.swift.git", from: "2.5.2"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.0"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.34.1"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.2"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
    ],
    targets: [
        // Pure domain: Foundation only, no I/O, no clock, no globals.
        .target(
            name: "PitwallCore",
            swiftSettings: swiftSettings
        ),
        // Inline SVG charts for the dashboard: pure string building, no dependencies.
        .target(
            name: "PitwallCharts",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "PitwallSQLite",
            dependencies: [
                "PitwallCore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // The group database: PostgreSQL through postgres-nio's connection pool.
        .target(
            name: "PitwallPostgres",
            dependencies: [
                "PitwallCore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "PitwallSimulator",
            dependencies: [
                "PitwallCore",
                .product(name: "HeapModule", package: "swift-collections"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "PitwallServer",
            dependencies: [
                "PitwallCore",
                "PitwallSQLite",
                "PitwallCharts",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "CSV", package: "CSV.swift"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOExtras", package: "swift-nio-extras"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOTLS", package: "swift-nio"),
            ],
            resources: [.copy("Resources")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "PitwallTestSupport",
            dependencies: ["PitwallCore", "PitwallSimulator", "PitwallPostgres"],
            swiftSettings: swiftSettings
        ),
        .target(name: "CMallocTuning"),
        .executableTarget(
            name: "pitwall",
            dependencies: [
                "CMallocTuning",
                "PitwallCore",
                "PitwallSQLite",
                "PitwallPostgres",
                "PitwallServer",
                "PitwallSimulator",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PitwallCoreTests",
            dependencies: ["PitwallCore", "PitwallCharts", "PitwallSimulator", "PitwallTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PitwallStoreTests",
            dependencies: [
                "PitwallCore", "PitwallSQLite", "PitwallPostgres", "PitwallSimulator", "PitwallTestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PitwallServerTests",
            dependencies: [
                "PitwallCore",
                "PitwallServer",
                "PitwallSQLite",
                "PitwallPostgres",
                "PitwallSimulator",
                "PitwallTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "CSV", package: "CSV.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            // A certificate and key made for the STARTTLS test, read by path.
            exclude: ["Fixtures"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PitwallEndToEndTests",
            dependencies: ["pitwall", "PitwallCore", "PitwallSQLite", "PitwallTestSupport", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: swiftSettings
        ),
    ]
)
