// swift-tools-version: 6.2
import PackageDescription

/// Settings every target shares: Swift 6 language mode, and every public type must say
/// whether it is `Sendable`.
let strictSettings: [SwiftSetting] = [
    .treatWarning("ExplicitSendable", as: .error),
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "participatie",
    products: [
        .library(name: "ParticipationKit", targets: ["ParticipationKit"]),
        .executable(name: "participatie", targets: ["participatie"]),
        .executable(name: "participatie-bench", targets: ["participatie-bench"]),
    ],
    dependencies: [],
    targets: [
        // SHA-256 compression in C: the x86 SHA instructions when the processor has them, a
        // portable version otherwise (no dependency; see Sources/CSHA256).
        .target(name: "CSHA256"),
        .target(
            name: "ParticipationKit",
            dependencies: ["CSHA256"],
            swiftSettings: strictSettings
        ),
        .target(
            name: "ParticipationKitTestSupport",
            dependencies: ["ParticipationKit"],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "participatie",
            dependencies: ["ParticipationKit"],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "participatie-bench",
            dependencies: ["ParticipationKit"],
            swiftSettings: strictSettings
        ),
        // The model-based store trials (`.ci/store-trials`); shares its engine with `swift test`.
        .executableTarget(
            name: "participatie-trials",
            dependencies: ["ParticipationKit", "ParticipationKitTestSupport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "ParticipationKitTests",
            dependencies: ["ParticipationKit", "ParticipationKitTestSupport"],
            exclude: ["Snapshots"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "participatieTests",
            dependencies: ["participatie", "participatie-trials", "ParticipationKit", "ParticipationKitTestSupport"],
            swiftSettings: strictSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)
