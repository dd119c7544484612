// swift-tools-version:6.0
import PackageDescription

// Foundation only: no package dependencies (see README, "Why no packages").
let package = Package(
    name: "Amable",
    products: [
        .library(name: "AmableCore", targets: ["AmableCore"]),
        .executable(name: "amable", targets: ["amable"]),
    ],
    targets: [
        .target(name: "AmableCore"),
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite", providers: [.apt(["libsqlite3-dev"])]),
        .target(name: "AmableStore", dependencies: ["AmableCore", "CSQLite"]),
        .target(name: "AmableService", dependencies: ["AmableCore", "AmableStore"]),
        .target(name: "CEpoll"),
        .target(name: "AmableHTTP", dependencies: ["AmableCore", "AmableService", "CEpoll"]),
        .executableTarget(name: "amable", dependencies: ["AmableCore", "AmableService", "AmableHTTP"]),
        .executableTarget(name: "amable-bench", dependencies: ["AmableCore", "AmableService", "AmableStore", "AmableHTTP"], path: "Benchmarks/amable-bench"),
        .testTarget(name: "AmableCoreTests", dependencies: ["AmableCore"]),
        .testTarget(name: "AmableStoreTests", dependencies: ["AmableStore"]),
        .testTarget(name: "AmableServiceTests", dependencies: ["AmableService"]),
        .testTarget(name: "AmableHTTPTests", dependencies: ["AmableHTTP"]),
        .testTarget(name: "AmableTests", dependencies: ["AmableCore", "amable"]),
    ]
)
