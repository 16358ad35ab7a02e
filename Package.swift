// swift-tools-version:6.1
import PackageDescription

/// Upcoming features on every target: explicit existentials, imports that
/// only expose what a file names, and internal imports unless a public API
/// needs the module (docs/architecture.md, "Contributing").
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "quorum",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "quorum", targets: ["quorum"]),
    ],
    dependencies: [
        // No default traits: swift-configuration is not needed and costs build time.
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1", traits: []),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        // OIDC bearer JWTs from the employer's identity provider (jwt-kit 5 needs swift-crypto 4.5.2+).
        .package(url: "https://github.com/vapor/jwt-kit.git", from: "5.8.0"),
        // Server-rendered pages (issue 8): logic-less templates, no further dependencies.
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        // Tests only: reads openapi.yaml to check routes and responses against the contract.
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        // Tests only: property-based tests of the domain rules.
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
    ],
    targets: [
        // Layer 0: the C library, found through pkg-config.
        .systemLibrary(
            name: "CLibPQ",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"]), .brew(["libpq"])]
        ),
        // Layer 1: a safe Swift wrapper over libpq; knows nothing of ASYE.
        .target(
            name: "PQ",
            dependencies: [
                "CLibPQ",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // Layer 2: the domain core. Pure Swift, no I/O, no dependencies.
        .target(
            name: "Domain",
            swiftSettings: swiftSettings
        ),
        // Layer 3: repositories mapping rows to domain values; SQL lives in sql/.
        .target(
            name: "Store",
            dependencies: [
                "PQ",
                "Domain",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        // Layer 4: the application layer — one use case per file; access, machines,
        // effects and audit in one transaction; today from one injected clock.
        .target(
            name: "Workflows",
            dependencies: ["Store", "Domain", "PQ"],
            swiftSettings: swiftSettings
        ),
        // Layer 5: the HTTP API and the pages: parse, call one use case, present.
        // Store only for its record types; no SQL, no connections (no PQ).
        .target(
            name: "App",
            dependencies: [
                "Workflows",
                "Store",
                "Domain",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            resources: [.copy("Resources/openapi.yaml"), .copy("Resources/templates"), .copy("Resources/assets")],
            swiftSettings: swiftSettings
        ),
        // Layer 6: the command line.
        .executableTarget(
            name: "quorum",
            dependencies: [
                "App",
                "Workflows",
                "Store",
                "PQ",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // `make bench`: times the sufficiency check on a 300-item portfolio.
        .executableTarget(
            name: "SufficiencyBenchmark",
            dependencies: ["Domain"],
            path: "Sources/SufficiencyBenchmark",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "DomainTests",
            dependencies: ["Domain", .product(name: "PropertyBased", package: "swift-property-based")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PQTests",
            dependencies: ["PQ", .product(name: "NIOPosix", package: "swift-nio")],
            swiftSettings: swiftSettings
        ),
        // The use cases run directly on a fixed date against the real database.
        .testTarget(
            name: "WorkflowsTests",
            dependencies: ["Workflows", "Store", "Domain", "PQ"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "AppTests",
            dependencies: [
                "App", "Workflows", "Store", "Domain", "PQ",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "PropertyBased", package: "swift-property-based"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
