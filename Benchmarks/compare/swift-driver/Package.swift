// swift-tools-version: 6.2
// The SIMDNet side of Benchmarks/compare/run: a small driver that times only
// the training and prediction loops. `run` builds it twice in release — plain,
// and with `-Xswiftc -target-cpu -Xswiftc haswell` — into separate scratch
// paths (.build-plain, .build-native). Speed flags go on the build command,
// never into the kernel's targets.
import PackageDescription

let package = Package(
  name: "simdnet-compare",
  dependencies: [.package(name: "SIMDNet", path: "../../..")],
  targets: [
    .executableTarget(
      name: "simdnet-compare",
      dependencies: [.product(name: "SIMDNet", package: "SIMDNet")])
  ],
  swiftLanguageModes: [.v6]
)
