import Foundation
import SIMDNetTool
import Testing

/// `simdnet evaluate`: cost, accuracy and example count of saved weights.
@Suite("simdnet evaluate")
struct EvaluateCommandTests {
  /// A 2-2 network whose first output is the first input: it gets the
  /// class of examples 1 and 3 right by argmax and example 2 wrong.
  static let weights = """
    {"layers": [2, 2], "activations": ["linear"],
     "weights": [[[1, 0], [0, 1]]], "biases": [[0, 0]]}
    """
  static let data = "x1,x2,a,b\n2,1,1,0\n2,1,0,1\n0,3,0,1\n"

  @Test("several outputs: accuracy by argmax, cost by the lecture's formula")
  func multiClass() throws {
    try withTemporaryDirectory { directory in
      try writeFile(Self.weights, named: "w.json", in: directory)
      try writeFile(Self.data, named: "d.csv", in: directory)
      let run = try Simdnet.run(
        [
          "evaluate", "--weights", "w.json", "--data", "d.csv", "--outputs", "2", "--report",
          "json",
        ], in: directory)
      #expect(run.status == 0, "\(run.stderr)")
      let report = try run.report()
      #expect(report["examples"]?.doubleValue == 3)
      #expect(report["accuracy"]?.doubleValue == 2.0 / 3)
      // 1/(2m) Σ Σ (y − ŷ)² = (1 + 1 + 4 + 0 + 0 + 4) / 6.
      #expect(report["cost"]?.doubleValue == 10.0 / 6)

      let summary = try Simdnet.run(
        ["evaluate", "--weights", "w.json", "--data", "d.csv", "--outputs", "2"], in: directory)
      #expect(summary.stdout.contains("66.7% (2 of 3 examples)"), "\(summary.stdout)")
    }
  }

  @Test("bad input: one line naming the file")
  func badInput() throws {
    try withTemporaryDirectory { directory in
      try writeFile(Self.weights, named: "w.json", in: directory)
      try writeFile(Self.data, named: "d.csv", in: directory)
      try writeFile("{\"layers\": [2, 2]", named: "broken.json", in: directory)
      Simdnet.expectOneLineError(
        try Simdnet.run(["evaluate", "--weights", "w.json", "--data", "d.csv"], in: directory),
        "d.csv: the data has 3 inputs and 1 output", "pass --outputs 2")
      Simdnet.expectOneLineError(
        try Simdnet.run(
          ["evaluate", "--weights", "broken.json", "--data", "d.csv", "--outputs", "2"],
          in: directory), "broken.json:1:")
      Simdnet.expectOneLineError(
        try Simdnet.run(
          [
            "evaluate", "--weights", "w.json", "--data", "d.csv", "--outputs", "2", "--loss",
            "cross-entropy",
          ], in: directory), "w.json: cross-entropy needs outputs in (0, 1)")
    }
  }
}
