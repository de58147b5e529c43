import Foundation
import SIMDNetTool
import Testing

/// `simdnet gradcheck`: the kernel's checker on saved weights.
@Suite("simdnet gradcheck")
struct GradcheckCommandTests {
  @Test("a trained sigmoid network passes")
  func passes() throws {
    try withTemporaryDirectory { directory in
      try writeFile(CommandTestData.xorCSV, named: "xor.csv", in: directory)
      let train = try Simdnet.run(
        [
          "train", "--data", "xor.csv", "--layers", "2,3,1", "--epochs", "200", "--save",
          "w.json", "--quiet",
        ], in: directory)
      #expect(train.status == 0, "\(train.stderr)")
      let run = try Simdnet.run(
        ["gradcheck", "--weights", "w.json", "--data", "xor.csv", "--report", "json"],
        in: directory)
      #expect(run.status == 0, "\(run.stdout) \(run.stderr)")
      let report = try run.report()
      #expect(report["parameters"]?.doubleValue == 13)
      #expect(report["max_abs_error"]?.doubleValue.map { $0 < 1e-8 } == true)
      #expect(report["max_rel_error"]?.doubleValue != nil)
      #expect(report["passed"].map { "\($0.kind)" } == "bool(true)")
    }
  }

  /// A ReLU unit placed exactly at its kink: z = w·x + b = 0 for x = 0. The
  /// kernel takes ReLU's slope at 0 to be 0, while a central difference
  /// straddles the kink and sees half the slope, so the bias's gradients
  /// disagree by 0.5 — an honest failure, not a tolerance problem.
  @Test("a ReLU network at its kink fails with the worst parameter named")
  func failsAtKink() throws {
    try withTemporaryDirectory { directory in
      try writeFile(
        "{\"layers\": [1, 1, 1], \"activations\": [\"relu\", \"linear\"], "
          + "\"weights\": [[[1]], [[1]]], \"biases\": [[0], [0]]}", named: "kink.json",
        in: directory)
      try writeFile("x,y\n0,1\n", named: "d.csv", in: directory)
      let run = try Simdnet.run(
        ["gradcheck", "--weights", "kink.json", "--data", "d.csv", "--report", "json"],
        in: directory)
      #expect(run.status == 1)
      #expect(run.stderrLines.count == 1, "\(run.stderr)")
      #expect(run.stderr.contains("gradient check failed: biases[0][0]"), "\(run.stderr)")
      let report = try run.report()
      #expect(report["passed"].map { "\($0.kind)" } == "bool(false)")
      #expect(report["worst_parameter"].map { "\($0.kind)" } == "string(\"biases[0][0]\")")
      #expect(report["analytic"]?.doubleValue == 0)
      #expect(report["numerical"]?.doubleValue.map { abs($0 + 0.5) < 1e-3 } == true)
    }
  }

  @Test("the table sigmoid's looser default tolerances, which can be overridden")
  func tableSigmoid() throws {
    try withTemporaryDirectory { directory in
      try writeFile(CommandTestData.xorCSV, named: "xor.csv", in: directory)
      _ = try Simdnet.run(
        [
          "train", "--data", "xor.csv", "--layers", "2,4,1", "--activation", "sigmoid-table",
          "--learning-rate", "2", "--epochs", "3000", "--save", "w.json", "--quiet",
        ], in: directory)
      let loose = try Simdnet.run(
        ["gradcheck", "--weights", "w.json", "--data", "xor.csv", "--report", "json"],
        in: directory)
      #expect(loose.status == 0, "\(loose.stdout)")
      #expect(try loose.report()["relative_tolerance"]?.doubleValue == 5e-2)
      let strict = try Simdnet.run(
        [
          "gradcheck", "--weights", "w.json", "--data", "xor.csv", "--relative-tolerance",
          "1e-6", "--absolute-tolerance", "1e-8",
        ], in: directory)
      #expect(strict.status == 1)
      #expect(strict.stdout.contains("NOT all within"))
    }
  }
}
