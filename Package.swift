// swift-tools-version:6.2
import PackageDescription

/// Settings shared by every Swift target.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny")
]

let package = Package(
    name: "photoroom-batch",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "photoroom-batch", targets: ["photoroom-batch"]),
        .library(name: "PhotoroomBatchKit", targets: ["PhotoroomPipeline", "PhotoroomEmulator"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/vapor/multipart-kit", from: "4.7.1"),
    ],
    targets: [
        // MARK: Imaging: C decoders and the Swift layer over them.
        .target(
            name: "CPhotoroomImaging",
            cSettings: [.unsafeFlags(["-Wall"])],
            linkerSettings: [.linkedLibrary("png16"), .linkedLibrary("jpeg")]
        ),
        .target(
            name: "PhotoroomImaging",
            dependencies: ["CPhotoroomImaging"],
            swiftSettings: swiftSettings
        ),

        // MARK: Rendering: local finishing of cutouts (layout, resampling, compositing, encoding).
        .target(
            name: "PhotoroomRendering",
            dependencies: ["PhotoroomImaging"],
            exclude: ["POSITIONING.md"],
            swiftSettings: swiftSettings
        ),

        // MARK: Report: the HTML report of a run and its thumbnails.
        .target(
            name: "PhotoroomReport",
            dependencies: ["PhotoroomImaging"],
            swiftSettings: swiftSettings
        ),

        // MARK: Pricing: plans, costs, estimates.
        .target(name: "PhotoroomPricing", swiftSettings: swiftSettings),

        // MARK: Edit catalogue: the /v2/edit parameter table, spelling help and the OpenAPI document's rules.
        .target(name: "PhotoroomEditCatalog", swiftSettings: swiftSettings),

        // MARK: API: the Photoroom HTTP client and its models.
        .target(
            name: "PhotoroomAPI",
            dependencies: [
                "PhotoroomEditCatalog",
                "PhotoroomPricing",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                .product(name: "_NIOFileSystem", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: Directory watching: inotify, polling, settle, readiness (no Photoroom dependency).
        .target(
            name: "DirectoryWatching",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: Pipeline: configuration, scanning, estimate, the engine (ledger, session, dispatcher), watch.
        .target(
            name: "PhotoroomPipeline",
            dependencies: [
                "PhotoroomImaging",
                "PhotoroomPricing",
                "PhotoroomEditCatalog",
                "PhotoroomAPI",
                "DirectoryWatching",
                "PhotoroomReport",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: Emulator: the built-in stand-in for Photoroom's API.
        .target(
            name: "PhotoroomEmulator",
            dependencies: [
                "PhotoroomImaging",
                "PhotoroomRendering",
                "PhotoroomPricing",
                "PhotoroomEditCatalog",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "MultipartKit", package: "multipart-kit"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: Command line.
        // The version string; scripts/release.sh links the commit and build date in (see its header).
        .target(name: "CPhotoroomBuildInfo"),
        .target(
            name: "PhotoroomBatchCLI",
            dependencies: [
                "CPhotoroomBuildInfo",
                "PhotoroomImaging",
                "PhotoroomPricing",
                "PhotoroomAPI",
                "PhotoroomPipeline",
                "PhotoroomEmulator",
                "PhotoroomRendering",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "photoroom-batch",
            dependencies: ["PhotoroomBatchCLI"],
            swiftSettings: swiftSettings
        ),

        // MARK: Tests.
        // Helpers shared by the test targets (a deadline on every wait); a library target of its own, used by tests only.
        .target(name: "PhotoroomTestSupport", path: "Tests/PhotoroomTestSupport", swiftSettings: swiftSettings),
        .testTarget(
            name: "PhotoroomImagingTests",
            dependencies: ["CPhotoroomImaging", "PhotoroomImaging"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PhotoroomRenderingTests",
            dependencies: [
                "PhotoroomRendering",
                "PhotoroomImaging",
                "PhotoroomEmulator",
                "PhotoroomAPI",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PhotoroomReportTests",
            dependencies: ["PhotoroomReport", "PhotoroomImaging"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PhotoroomPricingTests",
            dependencies: ["PhotoroomPricing"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PhotoroomEditCatalogTests",
            dependencies: ["PhotoroomEditCatalog"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PhotoroomAPITests",
            dependencies: [
                "PhotoroomTestSupport",
                "PhotoroomImaging",
                "PhotoroomPricing",
                "PhotoroomAPI",
                "PhotoroomEmulator",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PhotoroomPipelineTests",
            dependencies: [
                "PhotoroomImaging",
                "PhotoroomPricing",
                "PhotoroomAPI",
                "PhotoroomPipeline",
                "DirectoryWatching",
                "PhotoroomEmulator",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PhotoroomEmulatorTests",
            dependencies: [
                "PhotoroomTestSupport",
                "PhotoroomImaging",
                "PhotoroomEmulator",
                "PhotoroomRendering",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            exclude: ["Fixtures"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PhotoroomBatchCLITests",
            dependencies: [
                "PhotoroomTestSupport",
                "PhotoroomImaging",
                "PhotoroomPipeline",
                "PhotoroomEmulator",
                "PhotoroomBatchCLI",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
