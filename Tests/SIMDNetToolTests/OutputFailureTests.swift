import Foundation
import Testing

/// Output that cannot be written — stdout or stderr on a full device — is
/// a non-zero exit, never a signal and never output lost with status 0.
@Suite(
  "simdnet with nowhere to write",
  .enabled(if: FileManager.default.fileExists(atPath: "/dev/full"), "needs /dev/full"))
struct OutputFailureTests {
  static let weights =
    "{\"layers\": [2, 1], \"activations\": [\"sigmoid\"], \"weights\": [[[1, -1]]], "
    + "\"biases\": [[0.5]]}"

  /// Runs `arguments` in a directory holding `w.json` and `d.csv`.
  func run(
    _ arguments: [String], stdin: String = "", stdoutPath: String? = nil,
    stderrPath: String? = nil
  ) throws -> Simdnet.Outcome {
    try withTemporaryDirectory { directory in
      try writeFile(Self.weights, named: "w.json", in: directory)
      try writeFile(CommandTestData.orCSV, named: "d.csv", in: directory)
      return try Simdnet.run(
        arguments, in: directory, stdin: stdin, stdoutPath: stdoutPath, stderrPath: stderrPath)
    }
  }

  @Test(
    "stdout full: one error line on stderr and exit status 1",
    arguments: [
      ["evaluate", "--weights", "w.json", "--data", "d.csv"],
      ["evaluate", "--weights", "w.json", "--data", "d.csv", "--report", "json"],
      ["predict", "--weights", "w.json"],
      ["export", "--weights", "w.json", "--name", "orNeuron"],
      ["gradcheck", "--weights", "w.json", "--data", "d.csv"],
      ["train", "--data", "d.csv", "--layers", "2,1", "--epochs", "3"],
      ["train", "--data", "d.csv", "--layers", "2,1", "--epochs", "3", "--report", "json"],
      ["lecture"],
      ["--help"],
      ["train", "--help"],
    ])
  func stdoutFull(_ arguments: [String]) throws {
    let outcome = try run(arguments, stdin: "0,1\n1,1\n", stdoutPath: "/dev/full")
    #expect(!outcome.signaled, "signal \(outcome.status)")
    #expect(outcome.status == 1)
    #expect(
      outcome.stderr == "Error: cannot write to standard output: no space left on device\n")
  }

  @Test(
    "stderr full: the error cannot be told, but the exit status is not 0",
    arguments: [
      ["train", "--data", "missing.csv", "--layers", "2,1"],
      ["predict", "--weights", "missing.json"],
      ["evaluate", "--weights", "w.json", "--data", "d.csv", "--bogus"],
    ])
  func stderrFull(_ arguments: [String]) throws {
    let outcome = try run(arguments, stderrPath: "/dev/full")
    #expect(!outcome.signaled, "signal \(outcome.status)")
    #expect(outcome.status != 0)
  }

  @Test("both full: still a plain non-zero exit")
  func bothFull() throws {
    let outcome = try run(
      ["predict", "--weights", "w.json"], stdin: "0,1\n", stdoutPath: "/dev/full",
      stderrPath: "/dev/full")
    #expect(!outcome.signaled && outcome.status == 1)
  }
}
