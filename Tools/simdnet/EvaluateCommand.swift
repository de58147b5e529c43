import ArgumentParser
import Foundation
import SIMDNet
import SIMDNetTool

/// `simdnet evaluate`: the cost and accuracy of saved weights on a dataset,
/// computed exactly as `simdnet train` reports them for the training set
/// (`Evaluation`), so a test set's figures compare with the training ones.
struct EvaluateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "evaluate",
    abstract: "Measure the cost and accuracy of saved weights on a dataset.",
    discussion: """
      Accuracy: with one output, an example is right when (ŷ > 0.5) == (y > 0.5); \
      with several, when the largest output is where the largest target is. \
      --report json prints one JSON object: cost, accuracy, examples, correct, loss, \
      dataset, dataset_sha256 (cost is null if it is not finite).
      """
  )

  @Option(help: ArgumentHelp("The weights file to evaluate.", valueName: "weights.json"))
  var weights: String

  @OptionGroup var dataset: DatasetOptions

  @Option(help: "The loss the cost is measured with.")
  var loss: Loss = .halfSquaredError

  @Option(help: "Print one JSON object on stdout instead of the summary.")
  var report: ReportFormat?

  func run() throws {
    let weightsFile = try WeightsFile.load(path: weights)
    let data = try dataset.load(for: weightsFile, at: weights, loss: loss)
    let evaluation = try Evaluation(DynamicNetwork(weightsFile), on: data, loss: loss)
    if report == .json {
      let report = JSONValue.object([
        JSONMember("cost", .finiteNumber(evaluation.cost)),
        JSONMember("accuracy", .number(evaluation.accuracy)),
        JSONMember("examples", .number(evaluation.examples)),
        JSONMember("correct", .number(evaluation.correct)),
        JSONMember("loss", .string(loss.name)),
        JSONMember("dataset", .string(data.path)),
        JSONMember("dataset_sha256", .string(data.sha256)),
      ])
      try Console.print(report.rendered())
    } else {
      try Console.print(
        "\(weightsFile.shapeDescription) network from \(weights) on \(data.path): "
          + "cost \(evaluation.cost) (\(loss.name)), accuracy "
          + String(format: "%.1f", 100 * evaluation.accuracy)
          + "% (\(evaluation.correct) of \(evaluation.examples) examples)")
    }
  }
}

extension JSONValue {
  /// A number, or null when it is NaN or infinite, which JSON cannot hold.
  static func finiteNumber(_ value: Double) -> JSONValue {
    value.isFinite ? .number(value) : .null
  }
}
