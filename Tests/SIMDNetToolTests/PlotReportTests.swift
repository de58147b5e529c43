import Foundation
import SIMDNet
import SIMDNetPlot
import SIMDNetTool
import Testing

@Suite("Plot: reading training reports")
struct PlotReportTests {
  /// A small report in the layout `simdnet train --report json` prints,
  /// one key per line so that errors' line numbers are easy to check.
  static let report = """
    {
      "epochs": 2,
      "final_cost": 0.08,
      "cost_curve": [[0, 0.0889], [1, 0.0842], [2, 0.08]],
      "train_accuracy": 0.75,
      "seconds": 0.001,
      "loss": "half-squared",
      "validation_curve": [[0, 0.1], [1, 0.09], [2, 0.095]], "best_epoch": 1, "best_validation_cost": 0.09,
      "weights": {"layers": [2, 1], "activations": ["sigmoid"], "weights": [[[7.2, 7.2]]], "biases": [[-3.3]]}
    }

    """

  static func read(_ text: String) throws(ToolError) -> TrainingReport {
    try TrainingReport(json: JSONValue.parse(Array(text.utf8), path: "r.json"), path: "r.json")
  }

  static func message(_ text: String) -> String? {
    toolErrorMessage { () throws(ToolError) in _ = try read(text) }
  }

  /// The report with `old` replaced by `new`, which must occur once.
  static func edited(_ old: String, _ new: String) -> String {
    precondition(report.components(separatedBy: old).count == 2, "\(old) is not in the report once")
    return report.replacingOccurrences(of: old, with: new)
  }

  @Test("reads what it plots and ignores keys it does not know")
  func reads() throws {
    let report = try Self.read(Self.report)
    #expect(report.costs.epochs == 2)
    #expect(report.costs.finalCost == 0.08)
    #expect(
      report.costs.costCurve == [
        .init(epoch: 0, cost: 0.0889), .init(epoch: 1, cost: 0.0842), .init(epoch: 2, cost: 0.08),
      ])
    #expect(report.trainAccuracy == 0.75)
    #expect(report.costs.loss == "half-squared")
    #expect(report.weights.layers == [2, 1])
    #expect(report.weights.weights == [[[7.2, 7.2]]])
    #expect(
      report.costs.validationCurve == [
        .init(epoch: 0, cost: 0.1), .init(epoch: 1, cost: 0.09), .init(epoch: 2, cost: 0.095),
      ])
    #expect(report.costs.bestEpoch == 1)
    #expect(report.costs.bestValidationCost == 0.09)
  }

  @Test("train_accuracy, loss and the validation keys are optional")
  func optionalKeys() throws {
    let report = try Self.read(
      Self.edited("  \"train_accuracy\": 0.75,\n", "").replacingOccurrences(
        of: "  \"loss\": \"half-squared\",\n", with: ""))
    #expect(report.trainAccuracy == nil)
    #expect(report.costs.loss == nil)
    let validationLine =
      "  \"validation_curve\": [[0, 0.1], [1, 0.09], [2, 0.095]], \"best_epoch\": 1, "
      + "\"best_validation_cost\": 0.09,\n"
    let without = try Self.read(Self.edited(validationLine, ""))
    #expect(without.costs.validationCurve == nil)
    #expect(without.costs.bestEpoch == nil)
    #expect(without.costs.bestValidationCost == nil)
    let nulls = try Self.read(
      Self.edited(
        validationLine,
        "  \"validation_curve\": null, \"best_epoch\": null, \"best_validation_cost\": null,\n"))
    #expect(nulls.costs.validationCurve == nil && nulls.costs.bestEpoch == nil)
    #expect(nulls.costs.bestValidationCost == nil)
  }

  @Test(
    "bad reports give one line naming the file, line and column",
    arguments: [
      ("[1, 2]", "r.json:1:1: expected a JSON object"),
      ("", "r.json:1:1: empty file"),
      (edited("\"epochs\": 2,", "\"epochs\": 2,,"), "r.json:2:15:"),
      (edited("  \"epochs\": 2,\n", ""), "r.json:1:1: missing \"epochs\""),
      (edited("  \"final_cost\": 0.08,\n", ""), "r.json:1:1: missing \"final_cost\""),
      (
        edited("  \"cost_curve\": [[0, 0.0889], [1, 0.0842], [2, 0.08]],\n", ""),
        "r.json:1:1: missing \"cost_curve\""
      ),
      (edited("  \"weights\": {", "  \"weightz\": {"), "r.json:1:1: missing \"weights\""),
      (
        edited("\"epochs\": 2", "\"epochs\": \"2\""),
        "r.json:2:13: \"epochs\" must be a whole number"
      ),
      (edited("\"epochs\": 2", "\"epochs\": -2"), "r.json:2:13: \"epochs\" must be a whole number"),
      (
        edited("\"final_cost\": 0.08", "\"final_cost\": null"),
        "r.json:3:17: \"final_cost\" must be a number"
      ),
      (
        edited("\"final_cost\": 0.08", "\"final_cost\": 1e999"),
        "r.json:3:17: \"final_cost\" (1e999) is out of the range"
      ),
      (
        edited("[[0, 0.0889], [1, 0.0842], [2, 0.08]]", "{}"),
        "r.json:4:17: \"cost_curve\" must be an array"
      ),
      (
        edited("[[0, 0.0889], [1, 0.0842], [2, 0.08]]", "[]"),
        "r.json:4:17: \"cost_curve\" is empty"
      ),
      (edited("[1, 0.0842]", "[1]"), "r.json:4:31: cost_curve[1] must be an [epoch, cost] pair"),
      (edited("[1, 0.0842]", "0.0842"), "r.json:4:31: cost_curve[1] must be an [epoch, cost] pair"),
      (
        edited("[1, 0.0842]", "[1.5, 0.0842]"), "r.json:4:32: cost_curve[1]'s epoch must be a whole"
      ),
      (edited("[1, 0.0842]", "[1, \"x\"]"), "r.json:4:35: cost_curve[1]'s cost must be a number"),
      (edited("[2, 0.08]", "[1, 0.08]"), "r.json:4:45: cost_curve[2]: epoch 1 comes after epoch 1"),
      (
        edited("\"train_accuracy\": 0.75", "\"train_accuracy\": \"all\""),
        "r.json:5:21: \"train_accuracy\" must be a number"
      ),
      (
        edited("[[0, 0.1], [1, 0.09], [2, 0.095]]", "{}"),
        "r.json:8:23: \"validation_curve\" must be an array"
      ),
      (
        edited("[[0, 0.1], [1, 0.09], [2, 0.095]]", "[]"),
        "r.json:8:23: \"validation_curve\" is empty"
      ),
      (
        edited("[1, 0.09]", "[1]"),
        "r.json:8:34: validation_curve[1] must be an [epoch, cost] pair"
      ),
      (
        edited("[1, 0.09]", "[-1, 0.09]"),
        "r.json:8:35: validation_curve[1]'s epoch must be a whole number"
      ),
      (
        edited("[1, 0.09]", "[1, \"x\"]"),
        "r.json:8:38: validation_curve[1]'s cost must be a number"
      ),
      (
        edited("[2, 0.095]", "[1, 0.095]"),
        "r.json:8:46: validation_curve[2]: epoch 1 comes after epoch 1"
      ),
      (
        edited("\"best_epoch\": 1", "\"best_epoch\": 1.5"),
        "r.json:8:72: \"best_epoch\" must be a whole number"
      ),
      (
        edited("\"best_validation_cost\": 0.09", "\"best_validation_cost\": \"low\""),
        "r.json:8:99: \"best_validation_cost\" must be a number"
      ),
      (edited("\"biases\": [[-3.3]]", "\"biases\": [[-3.3, 1]]"), "r.json:9:"),
      (edited(", \"biases\": [[-3.3]]", ""), "r.json:9:14: missing \"biases\""),
      (
        edited("\"activations\": [\"sigmoid\"]", "\"activations\": [\"swish\"]"),
        "r.json:9:49: activations[0]: unknown activation"
      ),
    ] as [(String, String)])
  func badReports(text: String, expected: String) {
    let message = Self.message(text)
    #expect(message?.hasPrefix(expected) == true, "\(message ?? "no error")")
    #expect(message?.contains("\n") == false)
  }

  @Test("a network deeper than the tool builds is refused at the report's weights")
  func tooDeep() {
    let hidden = DynamicNetwork.maximumHiddenLayers + 1
    let ones = (0..<hidden).map { _ in "[[1]]" }.joined(separator: ", ")
    let zeros = (0..<hidden).map { _ in "[0]" }.joined(separator: ", ")
    let deep = Self.edited(
      #"{"layers": [2, 1], "activations": ["sigmoid"], "weights": [[[7.2, 7.2]]], "biases": [[-3.3]]}"#,
      "{\"layers\": [2\(String(repeating: ", 1", count: hidden + 1))], \"activations\": ["
        + (0...hidden).map { _ in "\"linear\"" }.joined(separator: ", ") + "], "
        + "\"weights\": [[[1, 1]], \(ones)], \"biases\": [[0], \(zeros)]}")
    let message = Self.message(deep)
    // The weights object starts at column 14 and its "layers" 11 bytes in.
    #expect(
      message?.hasPrefix("r.json:9:25: \"layers\": \(hidden) hidden layers; the most is 64")
        == true,
      "\(message ?? "")")
  }

  @Test("data too spread out to plot is refused, naming the data file")
  func hugeRange() throws {
    let report = try Self.read(Self.report)
    let data = try DatasetFile.parse(
      Array("1e308,0,0\n-1e308,1,1\n".utf8), path: "huge.csv", format: .csv)
    let message = toolErrorMessage { () throws(ToolError) in
      _ = try TrainingFigure.render(report: report, data: data)
    }
    #expect(message?.hasPrefix("huge.csv: input 1 ranges from") == true, "\(message ?? "")")
  }

  @Test("a report file that cannot be read is named")
  func missingFile() {
    let message = toolErrorMessage { () throws(ToolError) in
      _ = try TrainingReport.load(path: "/nonexistent/report.json")
    }
    #expect(message?.hasPrefix("/nonexistent/report.json:") == true, "\(message ?? "")")
  }

  @Test("data that does not fit the network is refused, naming the data file")
  func dataMismatch() throws {
    let report = try Self.read(Self.report)
    let three = try DatasetFile.parse(
      Array("a,b,c,y\n1,2,3,0\n".utf8), path: "three.csv", format: .csv)
    let message = toolErrorMessage { () throws(ToolError) in
      _ = try TrainingFigure.render(report: report, data: three)
    }
    #expect(message == "three.csv: 3 inputs per example, but the report's 2-1 network takes 2")
    let twoTargets = try DatasetFile.parse(
      Array("0,0,1,0\n".utf8), path: "two.csv", format: .csv, outputs: 2)
    let targetMessage = toolErrorMessage { () throws(ToolError) in
      try TrainingFigure.checkData(twoTargets, fits: report.weights)
    }
    #expect(
      targetMessage == "two.csv: 2 targets per example, but the report's 2-1 network has 1 output")
  }
}
