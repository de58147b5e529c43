import SIMDNet
import SIMDNetPlot

/// `simdnet plot`'s figure: a training report and a dataset, as the tool
/// reads them, handed to the plotting module as the values it draws.
extension TrainingFigure {
  /// Draws `report`, with `data`'s examples on the decision panel.
  ///
  /// - Throws: when an option is out of range or `data` does not fit the
  ///   report's network (see `checkData`).
  public static func render(
    report: TrainingReport, data: DatasetFile? = nil, options: PlotOptions = PlotOptions()
  ) throws(ToolError) -> TrainingFigure {
    let weights = report.weights
    if let data { try checkData(data, fits: weights) }
    let network = try DynamicNetwork(weights)
    do {
      return try render(
        history: report.costs, network: network, data: data.map(PlotExamples.init),
        subtitle: subtitle(report), options: options)
    } catch {
      throw ToolError(error.message, file: error.file)
    }
  }

  /// Fails, naming the data file, unless each example has as many inputs
  /// and targets as the report's network has inputs and outputs.
  public static func checkData(_ data: DatasetFile, fits weights: WeightsFile) throws(ToolError) {
    let (inputs, outputs) = (weights.layers.first!, weights.layers.last!)
    guard data.inputCount == inputs else {
      throw ToolError(
        "\(ToolError.count(data.inputCount, "input")) per example, but the report's "
          + "\(weights.shapeDescription) network takes \(inputs)", file: data.path)
    }
    guard data.outputCount == outputs else {
      throw ToolError(
        "\(ToolError.count(data.outputCount, "target")) per example, but the report's "
          + "\(weights.shapeDescription) network has "
          + "\(ToolError.count(outputs, "output"))", file: data.path)
    }
  }

  /// "2-1 network (sigmoid) · 5000 epochs · final cost 0.00321 · train
  /// accuracy 100%": what was trained, under the heading.
  static func subtitle(_ report: TrainingReport) -> String {
    var names: [String] = []
    for activation in report.weights.activations where names.last != activation.name {
      names.append(activation.name)
    }
    var parts = [
      "\(report.weights.shapeDescription) network (\(names.joined(separator: ", ")))",
      ToolError.count(report.costs.epochs, "epoch"),
      "final cost \(PlotNumber.significant(report.costs.finalCost, digits: 3))",
    ]
    if let accuracy = report.trainAccuracy {
      parts.append("train accuracy \(PlotNumber.significant(accuracy * 100, digits: 3))%")
    }
    return parts.joined(separator: " · ")
  }
}

extension PlotExamples {
  /// The examples of a two-input dataset, each at its two inputs and of its
  /// targets' class; the header's names for the axes and the legend.
  init(_ data: DatasetFile) {
    let names = data.columnNames
    self.init(
      file: data.path,
      points: data.inputs.map { PlotPoint($0[0], $0[1]) },
      classes: data.targets.map { Self.targetClass(Array($0)) },
      inputNames: names.map { Array($0.prefix(2)) },
      targetNames: names.flatMap { names in
        names.count == data.inputCount + data.outputCount
          ? Array(names.suffix(data.outputCount)) : nil
      })
  }
}
