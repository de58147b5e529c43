import Foundation
import SIMDNet
import SIMDNetTestSupport
import SIMDNetTool
import Testing

/// `simdnet predict`: stdin lines in, outputs out at full precision.
@Suite("simdnet predict")
struct PredictCommandTests {
  @Test("every output reads back to the kernel's bits; several outputs are comma-separated")
  func fullPrecision() throws {
    try withTemporaryDirectory { directory in
      var generator = SplitMix64(state: 11)
      let weights = try WeightsFile(
        layers: [3, 2], activations: [.tanh],
        weights: [
          (0..<2).map { _ in (0..<3).map { _ in Double.random(in: -2...2, using: &generator) } }
        ],
        biases: [[0.1, -0.2]])
      try weights.save(to: directory + "/w.json")
      let inputs = (0..<20).map { _ in
        (0..<3).map { _ in Double.random(in: -3...3, using: &generator) }
      }
      let run = try Simdnet.run(
        ["predict", "--weights", "w.json"], in: directory,
        stdin: inputs.map { $0.map(\.description).joined(separator: ",") }.joined(separator: "\n"))
      #expect(run.status == 0, "\(run.stderr)")
      let layer = try weights.network(as: Layer<3, 2>.self)
      let lines = run.stdout.split(separator: "\n")
      #expect(lines.count == inputs.count)
      for (line, input) in zip(lines, inputs) {
        let expected = layer.predict([input[0], input[1], input[2]])
        let printed = line.split(separator: ",").map { Double(String($0))?.bitPattern }
        #expect(printed == [expected[0].bitPattern, expected[1].bitPattern], "\(line)")
      }
    }
  }

  @Test(
    "a bad line stops with one error naming the line",
    arguments: [
      ("0,0\n1\n", "stdin:2: expected 2 inputs, found 1"),
      ("0,0\n0,1\n1,x\n", "stdin:3:3: input 2 is not a number: \"x\""),
      ("\n", "stdin:1: empty line"),
      ("1,2,3\n", "stdin:1: expected 2 inputs, found 3"),
      ("nan,1\n", "stdin:1:1: input 1 is NaN; a network's inputs must be finite numbers"),
      ("0,1\n1,0\0DROP TABLE\n", "stdin:2:4: input 2 is not a number: \"0\\u0000DROP TABLE\""),
      ("1,1e999\n", "stdin:1:3: input 2 (\"1e999\") is out of the range of a Double"),
      (
        "0,1\n" + String(repeating: "1", count: 5_000_000) + "\n",
        "stdin:2:2049: the line is longer than 2048 bytes, the most for 2 inputs (1024 bytes each)"
      ),
      (
        "1,1\n" + String(repeating: "0,", count: 3_000_000),
        "stdin:2:2049: the line is longer than 2048 bytes"
      ),
    ])
  func badLine(stdin: String, message: String) throws {
    try withTemporaryDirectory { directory in
      try writeFile(
        CommandTestData.neuronWeights, named: "w.json", in: directory)
      let run = try Simdnet.run(["predict", "--weights", "w.json"], in: directory, stdin: stdin)
      #expect(run.status != 0)
      #expect(run.stderrLines.count == 1 && run.stderr.contains(message), "\(run.stderr)")
      // The lines before the bad one have been answered (a NUL ends the
      // C string `Double(_:)` reads, so it cannot judge those).
      let good = stdin.split(separator: "\n", omittingEmptySubsequences: false).prefix {
        $0.split(separator: ",").count == 2 && !$0.contains("\u{0}")
          && $0.split(separator: ",").allSatisfy {
            Double(String($0))?.isFinite == true
          }
      }
      #expect(run.stdout.split(separator: "\n").count == good.count)
    }
  }
}

/// `simdnet predict --bits`: any double in and out as its bit pattern.
@Suite("simdnet predict --bits")
struct PredictBitsTests {
  @Test("NaN, infinities, subnormals and -0 go in; outputs come out as the kernel's bits")
  func bitPatterns() throws {
    try withTemporaryDirectory { directory in
      let weights = try WeightsFile(
        layers: [2, 2], activations: [.tanh], weights: [[[0.5, -1.25], [3, 0.75]]],
        biases: [[0.1, -0.2]])
      try weights.save(to: directory + "/w.json")
      let inputs: [[Double]] = [
        [0, -0.0], [.nan, 1], [.infinity, -.infinity], [.leastNonzeroMagnitude, -2.5],
        [Double(bitPattern: 0x7ff8_0000_0000_0123), .greatestFiniteMagnitude],
      ]
      let hex = { (value: Double) in
        let digits = String(value.bitPattern, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
      }
      let run = try Simdnet.run(
        ["predict", "--weights", "w.json", "--bits"], in: directory,
        stdin: inputs.map { $0.map(hex).joined(separator: ",") }.joined(separator: "\n") + "\n")
      #expect(run.status == 0, "\(run.stderr)")
      // Expected: the fixed-shape layer's four-example pass, lane by lane.
      let layer = try weights.network(as: Layer<2, 2>.self)
      let expected = inputs.map { input in
        layer.predict([input[0], input[1]] as InlineArray<2, Double>)
      }.map { "\(hex($0[0])),\(hex($0[1]))" }
      #expect(run.stdout.split(separator: "\n").map(String.init) == expected)
    }
  }

  @Test(
    "a field that is not 16 hexadecimal digits is one error naming it",
    arguments: [
      ("3ff0000000000000,3ff00000000000\n", "stdin:1:18: input 2 is not a bit pattern"),
      ("3ff0000000000000,0x3ff0000000000\n", "stdin:1:18: input 2 is not a bit pattern"),
      ("1,3ff0000000000000\n", "stdin:1:1: input 1 is not a bit pattern"),
      ("3ff000000000000g,0000000000000000\n", "stdin:1:1: input 1 is not a bit pattern"),
    ])
  func badField(stdin: String, message: String) throws {
    try withTemporaryDirectory { directory in
      try writeFile(
        CommandTestData.neuronWeights, named: "w.json", in: directory)
      Simdnet.expectOneLineError(
        try Simdnet.run(["predict", "--weights", "w.json", "--bits"], in: directory, stdin: stdin),
        message)
    }
  }
}
