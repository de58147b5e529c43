// swift-tools-version: 6.2
// libFuzzer targets for SIMDNet's readers, writers and daemon protocol.
//
// A package of its own, so that the root package and its builds are
// untouched: build and run them with `Tools/fuzz` (see README.md here),
// which builds them with libFuzzer and AddressSanitizer.
import PackageDescription

let tool = Target.Dependency.product(name: "SIMDNetTool", package: "SIMDNet")
let daemon = Target.Dependency.product(name: "SIMDNetDaemon", package: "SIMDNet")

let package = Package(
  name: "SIMDNetFuzz",
  dependencies: [.package(name: "SIMDNet", path: "..")],
  targets: [
    // What the targets share: invariant checks that stop the fuzzer.
    .target(name: "FuzzSupport", dependencies: [tool]),
    .executableTarget(name: "fuzz-csv", dependencies: ["FuzzSupport", tool]),
    .executableTarget(name: "fuzz-fann", dependencies: ["FuzzSupport", tool]),
    .executableTarget(name: "fuzz-json", dependencies: ["FuzzSupport", tool]),
    .executableTarget(name: "fuzz-weights", dependencies: ["FuzzSupport", tool]),
    .executableTarget(name: "fuzz-daemon", dependencies: ["FuzzSupport", daemon]),
  ],
  swiftLanguageModes: [.v6]
)
