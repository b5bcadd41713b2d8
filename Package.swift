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

        // MARK: Pricing: plans, costs, estimates.
        .target(name: "PhotoroomPricing", swiftSettings: swiftSettings),

        // MARK: API: the Photoroom HTTP client, its models and the edit-parameter table.
        .target(
            name: "PhotoroomAPI",
            dependencies: [
                "PhotoroomPricing",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                .product(name: "_NIOFileSystem", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
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
                "PhotoroomAPI",
                "DirectoryWatching",
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
                "PhotoroomPricing",
                "PhotoroomAPI",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "MultipartKit", package: "multipart-kit"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: Command line.
        .target(
            name: "PhotoroomBatchCLI",
            dependencies: [
                "PhotoroomPipeline",
                "PhotoroomEmulator",
                "PhotoroomAPI",
                "PhotoroomImaging",
                "PhotoroomPricing",
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
        .testTarget(
            name: "PhotoroomImagingTests",
            dependencies: ["PhotoroomImaging"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PhotoroomPricingTests",
            dependencies: ["PhotoroomPricing"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PhotoroomAPITests",
            dependencies: ["PhotoroomAPI", "PhotoroomEmulator"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PhotoroomPipelineTests",
            dependencies: [
                "PhotoroomPipeline",
                "DirectoryWatching",
                "PhotoroomEmulator",
                "PhotoroomAPI",
                "PhotoroomImaging",
                "PhotoroomPricing",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PhotoroomEmulatorTests",
            dependencies: [
                "PhotoroomEmulator",
                "PhotoroomAPI",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            exclude: ["Fixtures"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PhotoroomBatchCLITests",
            dependencies: [
                "PhotoroomBatchCLI",
                "PhotoroomPipeline",
                "PhotoroomEmulator",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
