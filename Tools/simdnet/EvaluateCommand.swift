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

      A network trained with --label names its classes: give the column that holds \
      them with --label (the input columns are found by the names the weights file \
      records, or by --features). The report then adds confusion_matrix (classes; \
      counts: one row per true class, one column per predicted class, the largest \
      output; unclassified: per true class, the examples with a NaN output, which \
      name no class and are wrong), and precision and recall per class name: \
      precision, of the examples predicted as the class, the share of it; recall, of \
      the examples of the class (unclassified ones included), the share predicted as \
      it (null for 0/0: no example predicted as, or of, that class). Each row of \
      counts plus its unclassified count is the examples of its class. A network trained with --scale takes the raw \
      table: its scaling is applied as in training, and the cost is in the scaled units.
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
    let network = try DynamicNetwork(weightsFile)
    let evaluation = try Evaluation(network, on: data, loss: loss)
    let confusion = try weightsFile.classes.map { (classes) throws(ToolError) in
      ConfusionMatrix(network, on: try data.dataset(for: network), classes: classes)
    }
    if report == .json {
      let report = JSONValue.object(
        [
          JSONMember("cost", .finiteNumber(evaluation.cost)),
          JSONMember("accuracy", .number(evaluation.accuracy)),
          JSONMember("examples", .number(evaluation.examples)),
          JSONMember("correct", .number(evaluation.correct)),
          JSONMember("loss", .string(loss.name)),
          JSONMember("dataset", .string(data.path)),
          JSONMember("dataset_sha256", .string(data.sha256)),
        ] + (confusion?.jsonMembers ?? []))
      try Console.print(report.rendered())
    } else {
      try Console.print(
        "\(weightsFile.shapeDescription) network from \(weights) on \(data.path): "
          + "cost \(evaluation.cost) (\(loss.name)), accuracy "
          + String(format: "%.1f", 100 * evaluation.accuracy)
          + "% (\(evaluation.correct) of \(evaluation.examples) examples)")
      if let confusion {
        try Console.print("Confusion matrix (rows: true class; columns: predicted):")
        for (t, row) in confusion.counts.enumerated() {
          try Console.print(
            "  \(confusion.classes[t]): " + row.map(String.init).joined(separator: " ")
              + (confusion.unclassified[t] > 0 ? "  unclassified \(confusion.unclassified[t])" : "")
              + "  precision " + (confusion.precision(t).map { String(format: "%.3f", $0) } ?? "—")
              + ", recall " + (confusion.recall(t).map { String(format: "%.3f", $0) } ?? "—"))
        }
      }
    }
  }
}

extension JSONValue {
  /// A number, or null when it is NaN or infinite, which JSON cannot hold.
  static func finiteNumber(_ value: Double) -> JSONValue {
    value.isFinite ? .number(value) : .null
  }
}
