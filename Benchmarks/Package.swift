// swift-tools-version: 6.1
// The benchmark suite lives in its own package so that the SIMDNet package
// (and its CI) never resolves or builds ordo-one/benchmark.
import PackageDescription

let package = Package(
  name: "SIMDNetBenchmarks",
  platforms: [.macOS("26.0")],
  dependencies: [
    .package(name: "SIMDNet", path: ".."),
    // 1.38.1 resolves on this toolchain only with the MallocInterposer trait.
    .package(
      url: "https://github.com/ordo-one/benchmark", exact: "1.38.1", traits: ["MallocInterposer"]),
  ],
  targets: [
    .executableTarget(
      name: "SIMDNetBenchmarks",
      dependencies: [
        "BenchmarkSupport",
        .product(name: "SIMDNet", package: "SIMDNet"),
        .product(name: "Benchmark", package: "benchmark"),
      ],
      path: "Benchmarks/SIMDNetBenchmarks",
      plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
    ),
    // Data loading, random data and the machine's FMA peak (setup only).
    .target(
      name: "BenchmarkSupport",
      dependencies: [.product(name: "SIMDNet", package: "SIMDNet")],
      path: "Sources/BenchmarkSupport"
    ),
    // Prints the wide network's GFLOP/s against this machine's FMA peak.
    .executableTarget(
      name: "WideNetworkRoofline",
      dependencies: ["BenchmarkSupport", .product(name: "SIMDNet", package: "SIMDNet")],
      path: "Sources/WideNetworkRoofline"
    ),
  ],
  swiftLanguageModes: [.v6]
)
