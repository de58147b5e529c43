import Foundation
import SIMDNet
import SIMDNetTestSupport
import SIMDNetTool
import Testing

/// SLOW (about a minute): compiles generated files with swiftc, the way a
/// daemon would compile them in, and checks every parameter's bits and a
/// deep network's predictions.
///
/// Two swiftc runs: the kernel's sources as a `SIMDNet` module, then the
/// generated files and a `main.swift` that imports only SIMDNet and prints
/// each constant's activations and parameter bit patterns, and the bit
/// patterns of the deep network's predictions, which must be those of
/// `referencePrediction`.
@Suite("Swift export compiles (slow: two swiftc runs)")
struct SwiftExportCompileTests {
  static let packageRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  @Test(
    "generated constants compile without warnings and hold the same bits",
    .timeLimit(.minutes(10)))
  func compileAndCompare() throws {
    var generator = SplitMix64(state: 2024)
    // Four hidden layers, every activation, and weight-sized numbers, so
    // that the predictions are ordinary numbers rather than NaNs.
    let deeperLayers = [3, 5, 4, 6, 3, 4, 3]
    let deeper = try WeightsFile(
      layers: deeperLayers,
      activations: [.sigmoid, .tanh, .relu, .tableSigmoid, .linear, .softmax],
      weights: (1..<deeperLayers.count).map { l in
        (0..<deeperLayers[l]).map { _ in
          (0..<deeperLayers[l - 1]).map { _ in Double.random(in: -2...2, using: &generator) }
        }
      },
      biases: (1..<deeperLayers.count).map { l in
        (0..<deeperLayers[l]).map { _ in Double.random(in: -1...1, using: &generator) }
      })
    let examples: [[Double]] =
      [[0, -0.0, 1]]
      + (0..<7).map { _ in (0..<3).map { _ in Double.random(in: -3...3, using: &generator) } }
    let extremes = awkwardDoubles + awkwardDoubles.map { -$0 }
    let networks: [(name: String, weights: WeightsFile, activations: String)] = [
      (
        "neuron", try randomWeightsFile(layers: [3, 2], activations: [.linear], using: &generator),
        "neuron.activation"
      ),
      (
        "shallow",
        try randomWeightsFile(
          layers: [2, 3, 2], activations: [.relu, .tableSigmoid], using: &generator),
        "shallow.lower.activation, shallow.upper.activation"
      ),
      (
        "deep",
        try randomWeightsFile(
          layers: [3, 5, 4, 2], activations: [.sigmoid, .tanh, .linear], using: &generator),
        "deep.lower.activation, deep.upper.lower.activation, deep.upper.upper.activation"
      ),
      (
        "extremes",
        try WeightsFile(
          layers: [extremes.count, 2], activations: [.sigmoid],
          weights: [[extremes, extremes.reversed()]], biases: [[-0.0, .leastNonzeroMagnitude]]),
        "extremes.activation"
      ),
      (
        "deeper", deeper,
        "deeper.lower.activation, deeper.upper.lower.activation, "
          + "deeper.upper.upper.lower.activation, deeper.upper.upper.upper.lower.activation, "
          + "deeper.upper.upper.upper.upper.lower.activation, "
          + "deeper.upper.upper.upper.upper.upper.activation"
      ),
    ]
    // A scaled classifier: raw features in, outputs unscaled, a class name.
    let scaled = try randomWeightsFile(
      layers: [3, 4, 2], activations: [.tanh, .linear], using: &generator
    ).describing(
      inputScaling: FeatureScaling(shift: [100.5, -3, 0.25], spread: [40.1, 1, 0.003]),
      outputScaling: FeatureScaling(shift: [7, -0.5], spread: [2.5, 0.1]),
      features: ["a", "b,c", "d\"e"], classes: ["yes", "no \"really\""])
    let rawExamples: [[Double]] = [[100.5, -3, 0.25], [0, 0, 0], [180, 2.5, 0.2513]]
    let swiftNames: [Activation: String] = [
      .sigmoid: "sigmoid", .tableSigmoid: "tableSigmoid", .tanh: "tanh", .relu: "relu",
      .linear: "linear", .softmax: "softmax",
    ]

    try withTemporaryDirectory { directory in
      var sources: [String] = []
      var main = "import SIMDNet\n\n"
      main += """
        func dump<N: FixedSizeNetwork>(_ name: String, _ network: N, _ activations: [Activation]) {
          print(name, "activations", activations.map { "\\($0)" }.joined(separator: ","))
          for k in 0..<N.parameterCount {
            print(name, k, String(network[parameter: k].bitPattern, radix: 16))
          }
        }

        func predict<N: FixedSizeNetwork>(_ name: String, _ network: N, _ examples: [[UInt64]]) {
          for first in stride(from: 0, to: examples.count, by: 4) {
            let lanes = min(4, examples.count - first)
            var input = N.Input(width: N.Input.width)
            for lane in 0..<lanes {
              for (i, bits) in examples[first + lane].enumerated() {
                input[feature: i][lane] = Double(bitPattern: bits)
              }
            }
            let output = network.predict(input)
            for lane in 0..<lanes {
              let outputs = (0..<N.Output.width).map { output[feature: $0][lane] }
              print(name, "example", first + lane,
                outputs.map { String($0.bitPattern, radix: 16) }.joined(separator: " "),
                "class", network.classify(input.lane(lane)).map { "\\($0)" } ?? "none")
            }
          }
        }

        """
      var expected = ""
      for network in networks {
        let path = directory + "/\(network.name).swift"
        try SwiftExport.write(
          network.weights, name: network.name, provenance: SwiftExportTests.provenance, to: path)
        sources.append(path)
        main += "dump(\"\(network.name)\", \(network.name), [\(network.activations)])\n"
        expected +=
          "\(network.name) activations "
          + network.weights.activations.map { swiftNames[$0]! }.joined(separator: ",") + "\n"
        for (k, value) in network.weights.parameters.enumerated() {
          expected += "\(network.name) \(k) \(String(value.bitPattern, radix: 16))\n"
        }
      }
      let exampleBits = examples.map {
        "[" + $0.map { "0x" + String($0.bitPattern, radix: 16) }.joined(separator: ", ") + "]"
      }
      main += "predict(\"deeper\", deeper, [\(exampleBits.joined(separator: ", "))])\n"
      let scaledPath = directory + "/scaled.swift"
      try SwiftExport.write(
        scaled, name: "scaled", provenance: SwiftExportTests.provenance, to: scaledPath)
      sources.append(scaledPath)
      // Printed after the deep network's predictions.
      var scaledExpected = ""
      for (n, example) in rawExamples.enumerated() {
        let bits = example.map { "Double(bitPattern: 0x" + String($0.bitPattern, radix: 16) + ")" }
        main +=
          "do {\n  let x: InlineArray<3, Double> = [\(bits.joined(separator: ", "))]\n"
          + "  let y = scaled.predict(x)\n"
          + "  print(\"scaled\", \(n), String(y[0].bitPattern, radix: 16), "
          + "String(y[1].bitPattern, radix: 16), scaledClasses[scaled.classify(x)!])\n}\n"
        // By hand: the scalar formula in, the reference network, the
        // scalar formula out.
        let input = scaled.inputScaling!
        let output = scaled.outputScaling!
        let x = example.indices.map { (example[$0] - input.shift[$0]) / input.spread[$0] }
        let y = referencePrediction(scaled, x).enumerated().map { k, value in
          let product = value * output.spread[k]
          return product + output.shift[k]
        }
        let name = y[1] > y[0] ? "no \"really\"" : "yes"
        scaledExpected +=
          "scaled \(n) " + y.map { String($0.bitPattern, radix: 16) }.joined(separator: " ")
          + " \(name)\n"
      }
      main += "print(scaledFeatures.joined(separator: \"|\"))\n"
      scaledExpected += "a|b,c|d\"e\n"
      for (n, example) in examples.enumerated() {
        let outputs = referencePrediction(deeper, example)
        #expect(outputs.allSatisfy { $0.isFinite })
        expected +=
          "deeper example \(n) "
          + outputs.map { String($0.bitPattern, radix: 16) }.joined(separator: " ")
          + " class \(scalarArgmax(outputs).map { "\($0)" } ?? "none")\n"
      }
      expected += scaledExpected
      try main.write(toFile: directory + "/main.swift", atomically: false, encoding: .utf8)

      // The tool's run-time network predicts the same bits as the reference
      // (and so as the compiled constant).
      try deeper.save(to: directory + "/deeper.json")
      let tool = try Simdnet.run(
        ["predict", "--weights", "deeper.json"], in: directory,
        stdin: examples.map { $0.map(\.description).joined(separator: ",") }.joined(
          separator: "\n"))
      #expect(tool.status == 0, "\(tool.stderr)")
      let printed = tool.stdout.split(separator: "\n").map {
        $0.split(separator: ",").map { Double(String($0))?.bitPattern }
      }
      #expect(
        printed == examples.map { referencePrediction(deeper, $0).map(\.bitPattern) },
        "simdnet predict: \(tool.stdout)")

      let kernel = try FileManager.default
        .subpathsOfDirectory(atPath: Self.packageRoot.path + "/Sources/SIMDNet")
        .filter { $0.hasSuffix(".swift") }.sorted()
        .map { Self.packageRoot.path + "/Sources/SIMDNet/" + $0 }
      let module = try run(
        [
          "swiftc", "-swift-version", "6", "-parse-as-library", "-emit-module", "-emit-library",
          "-static", "-module-name", "SIMDNet", "-emit-module-path",
          directory + "/SIMDNet.swiftmodule", "-o", directory + "/libSIMDNet.a",
        ] + kernel,
        in: directory)
      try #require(module.status == 0, "building the kernel failed:\n\(module.errors)")
      let program = try run(
        [
          "swiftc", "-swift-version", "6", "-O", "-I", directory, "-L", directory, "-lSIMDNet",
          "-lm", "-o", directory + "/check", directory + "/main.swift",
        ] + sources,
        in: directory)
      try #require(program.status == 0, "compiling the generated files failed:\n\(program.errors)")
      #expect(!program.errors.contains("warning"), "\(program.errors)")
      let output = try run([directory + "/check"], in: directory)
      #expect(output.status == 0)
      #expect(output.output == expected)
    }
  }

  /// The network's output for one example, computed here one unit at a time
  /// in plain doubles as the kernel defines it, independently of its
  /// vectorised layers: `z_j = ((0 + w_j0·x_0) + w_j1·x_1) + … + b_j`,
  /// unfused, in input order, then the activation. The nonlinearities are
  /// the kernel's own elementary functions on one lane (they have their own
  /// reference tests); relu and linear are written out.
  func referencePrediction(_ network: WeightsFile, _ example: [Double]) -> [Double] {
    var x = example
    for (l, activation) in network.activations.enumerated() {
      let z = zip(network.weights[l], network.biases[l]).map { row, bias in
        var z = 0.0
        for (w, input) in zip(row, x) {
          let product = w * input
          z = z + product
        }
        return z + bias
      }
      x =
        activation == .softmax
        ? scalarSoftmax(z)
        : z.map { z in
          switch activation {
          case .sigmoid: Lanes.sigmoid(Lanes(repeating: z))[0]
          case .tableSigmoid: Lanes.tableSigmoid(Lanes(repeating: z))[0]
          case .tanh: Lanes.tanh(Lanes(repeating: z))[0]
          case .relu: z < 0 ? 0 : z
          case .linear, .softmax: z
          }
        }
    }
    return x
  }

  /// Runs a command (found on PATH), with its output in files so that a
  /// full pipe cannot stall it.
  func run(_ arguments: [String], in directory: String) throws -> (
    status: Int32, output: String, errors: String
  ) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
    let outputPath = directory + "/stdout-\(UUID().uuidString)"
    let errorPath = directory + "/stderr-\(UUID().uuidString)"
    _ = FileManager.default.createFile(atPath: outputPath, contents: nil)
    _ = FileManager.default.createFile(atPath: errorPath, contents: nil)
    let output = try FileHandle(forWritingTo: URL(fileURLWithPath: outputPath))
    let errors = try FileHandle(forWritingTo: URL(fileURLWithPath: errorPath))
    process.standardOutput = output
    process.standardError = errors
    try process.run()
    process.waitUntilExit()
    try output.close()
    try errors.close()
    return (
      process.terminationStatus, try String(contentsOfFile: outputPath, encoding: .utf8),
      try String(contentsOfFile: errorPath, encoding: .utf8)
    )
  }
}
