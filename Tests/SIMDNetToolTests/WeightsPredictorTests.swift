import Foundation
import Testing

/// `Examples/weights-predictor`: a weights file loaded at run time answers
/// as `simdnet predict` does (with `--probabilities` for a classifier), bit
/// for bit, and bad lines and
/// bad files are told apart as its README says.
@Suite("The weights-predictor example")
struct WeightsPredictorTests {
  static let program = Simdnet.built("weights-predictor")

  /// A 1-2 softmax classifier with standard scaling inside: x′ = (x − 1)/2,
  /// z = (x′, −x′), classes "low" and "high".
  static let classifier = """
    {"layers": [1, 2], "activations": ["softmax"], "weights": [[[1], [-1]]],
     "biases": [[0, 0]], "classes": ["high", "low"],
     "inputScaling": {"shift": [1], "spread": [2]}}
    """

  /// A 2-3-1 regression whose target was scaled: y = y′·4 + 10.
  static let regression = """
    {"layers": [2, 3, 1], "activations": ["tanh", "linear"],
     "weights": [[[0.5, -1], [2, 0.25], [-0.75, 1.5]], [[1, -2, 0.5]]],
     "biases": [[0.1, -0.2, 0.3], [0.05]], "outputScaling": {"shift": [10], "spread": [4]}}
    """

  /// The fields of each answer line: numbers as their bit patterns, other
  /// fields (class names) as they are.
  static func fields(_ text: String) -> [[String]] {
    text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map { line in
      line.split(separator: ",", omittingEmptySubsequences: false).map { field in
        Double(field).map { String($0.bitPattern, radix: 16) } ?? String(field)
      }
    }
  }

  @Test(
    "answers as simdnet predict (--probabilities for a classifier) does",
    arguments: [classifier, regression])
  func sameAnswers(weights: String) throws {
    try withTemporaryDirectory { directory in
      let path = try writeFile(weights, named: "w.json", in: directory)
      let width = weights.contains("[1, 2]") ? 1 : 2
      let lines = [
        [3.0], [1], [-1e300], [0x1p-1074], [0.5], [7.25], [-0.0], [1e-8],
      ].map { first in
        (0..<width).map { $0 == 0 ? first[0] : Double($0) * 0.375 }.map { "\($0)" }
          .joined(separator: ",")
      }
      let input = lines.joined(separator: "\n") + "\n"
      let example = try Simdnet.run([path], in: directory, stdin: input, program: Self.program)
      let classifies = weights.contains("classes")
      let tool = try Simdnet.run(
        ["predict", "--weights", path] + (classifies ? ["--probabilities"] : []), in: directory,
        stdin: input)
      #expect(example.status == 0, "\(example.stderr)")
      #expect(tool.status == 0, "\(tool.stderr)")
      #expect(Self.fields(example.stdout).count == lines.count)
      #expect(Self.fields(example.stdout) == Self.fields(tool.stdout))
    }
  }

  @Test("the classifier's answer, worked by hand")
  func byHand() throws {
    try withTemporaryDirectory { directory in
      let path = try writeFile(Self.classifier, named: "w.json", in: directory)
      // x = 3: x′ = 1, z = (1, −1), softmax = (1, e⁻²)/(1 + e⁻²).
      let outcome = try Simdnet.run([path], in: directory, stdin: "3\n", program: Self.program)
      let fields = outcome.stdout.dropLast().split(separator: ",")
      #expect(fields.count == 3)
      #expect(fields.first == "high")
      let high = 1 / (1 + exp(-2.0))
      #expect(abs(Double(fields[1])! - high) < 1e-15)
      #expect(abs(Double(fields[2])! - (1 - high)) < 1e-15)
    }
  }

  @Test("a bad line is answered with one error line, and the exit status is 1")
  func badLines() throws {
    try withTemporaryDirectory { directory in
      let path = try writeFile(Self.regression, named: "w.json", in: directory)
      let outcome = try Simdnet.run(
        [path], in: directory, stdin: "1,2\n1\n\n1,x\n1e999,0\n0,0\n", program: Self.program)
      #expect(outcome.status == 1)
      let lines = outcome.stdout.split(separator: "\n", omittingEmptySubsequences: false)
      #expect(lines.count == 7)
      #expect(Double(lines[0]) != nil)
      #expect(lines[1] == "error: expected 2 inputs, found 1")
      #expect(lines[2] == "error: empty line")
      #expect(lines[3] == "error: input 2 is not a number")
      #expect(lines[4] == "error: input 1 is out of the range of a Double")
      #expect(Double(lines[5]) != nil)
    }
  }

  @Test("a bad weights file is one located error and exit 1")
  func badFile() throws {
    try withTemporaryDirectory { directory in
      let path = try writeFile(
        "{\"layers\": [1, 2],\n \"activations\": [\"softmax\"], \"weights\": [[[1], [nan]]]}",
        named: "bad.json", in: directory)
      let outcome = try Simdnet.run([path], in: directory, stdin: "1\n", program: Self.program)
      Simdnet.expectOneLineError(outcome, "bad.json:2:")
      let missing = try Simdnet.run(
        [directory + "/none.json"], in: directory, stdin: "1\n", program: Self.program)
      Simdnet.expectOneLineError(missing, "none.json")
    }
  }
}
