// swift-tools-version: 6.2
import PackageDescription

let package = Package(
  name: "SIMDNet",
  platforms: [.macOS(.v26)],
  products: [
    .library(name: "SIMDNet", targets: ["SIMDNet"]),
    .library(name: "SIMDNetFixtures", targets: ["SIMDNetFixtures"]),
    .executable(name: "simdnet", targets: ["simdnet"]),
    // For the fuzz targets in Fuzz/, a package of their own that depends on this one.
    .library(name: "SIMDNetTool", targets: ["SIMDNetTool"]),
    .library(name: "SIMDNetDaemon", targets: ["SIMDNetDaemon"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0")
  ],
  targets: [
    // The kernel: no Foundation, no GSL, no unsafe build flags; builds as Embedded Swift.
    // `Double.squareRoot()` leaves a libm `sqrt` fallback in debug builds.
    .target(name: "SIMDNet", linkerSettings: [.linkedLibrary("m", .when(platforms: [.linux]))]),
    // The tool's logic: dataset and weights files, export; testable.
    .target(name: "SIMDNetTool", dependencies: ["SIMDNet"], path: "Tools/SIMDNetTool"),
    .executableTarget(
      name: "simdnet",
      dependencies: [
        "SIMDNet",
        "SIMDNetTool",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      path: "Tools/simdnet"
    ),
    // Counts heap allocations per thread, for the tests only.
    .target(name: "AllocationCounter", path: "Tests/AllocationCounter"),
    // Seeded test inputs and ulp distances, shared by the test targets.
    .target(
      name: "SIMDNetTestSupport", dependencies: ["SIMDNet"], path: "Tests/SIMDNetTestSupport"),
    .testTarget(
      name: "SIMDNetTests", dependencies: ["SIMDNet", "AllocationCounter", "SIMDNetTestSupport"]),
    // GNU GSL, the tests' reference: a system library only test targets use.
    .systemLibrary(
      name: "CGSL", path: "Tests/CGSL", pkgConfig: "gsl", providers: [.apt(["libgsl-dev"])]),
    .testTarget(
      name: "GSLReferenceTests", dependencies: ["SIMDNet", "CGSL", "SIMDNetTestSupport"]),
    .testTarget(
      name: "SIMDNetToolTests",
      dependencies: ["SIMDNetTool", "SIMDNet", "simdnet", "SIMDNetTestSupport"]),
    // Generated weight constants that tests and examples import.
    .target(name: "SIMDNetFixtures", dependencies: ["SIMDNet"], path: "Fixtures/Generated"),
    .testTarget(name: "SIMDNetFixturesTests", dependencies: ["SIMDNetFixtures"]),
    // The example daemon: a fixture compiled in or a weights file (read by
    // the tool's library, which imports no Foundation), served over a Unix socket.
    .target(
      name: "SIMDNetDaemon", dependencies: ["SIMDNet", "SIMDNetFixtures", "SIMDNetTool"],
      path: "Tools/SIMDNetDaemon"),
    .executableTarget(name: "simdnetd", dependencies: ["SIMDNetDaemon"], path: "Tools/simdnetd"),
    .testTarget(
      name: "SIMDNetDaemonTests",
      dependencies: [
        "SIMDNetDaemon", "SIMDNetFixtures", "SIMDNetTool", "AllocationCounter", "simdnetd",
        "simdnet",
      ]),
  ],
  swiftLanguageModes: [.v6]
)
