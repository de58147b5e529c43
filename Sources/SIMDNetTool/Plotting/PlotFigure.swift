/// What `simdnet plot` can be asked for besides the report and the data.
public struct PlotOptions: Sendable, Equatable {
  /// The figure's heading; by default "Training report".
  public var title: String?
  /// The figure's size in pixels; by default 960 × 440 with a decision
  /// panel and 600 × 440 without.
  public var width: Int?
  public var height: Int?
  /// The cost axis; nil chooses by `PlotScale.Kind.forCosts`.
  public var costScale: PlotScale.Kind?
  /// Contour grid points per axis.
  public var gridSize: Int

  public init(
    title: String? = nil, width: Int? = nil, height: Int? = nil,
    costScale: PlotScale.Kind? = nil, gridSize: Int = 200
  ) {
    self.title = title
    self.width = width
    self.height = height
    self.costScale = costScale
    self.gridSize = gridSize
  }

  public static let widths = 320...8192
  public static let heights = 240...8192
  public static let gridSizes = 2...1000
}

/// The whole figure of a training report: a heading, the cost curve and,
/// for a two-input network, the decision panel beside it — one standalone
/// SVG, the same bytes for the same inputs.
public struct TrainingFigure: Sendable {
  /// The SVG document's text.
  public var svg: String
  /// What the user should know about what was left out, one line each
  /// (the command prints them on standard error).
  public var notes: [String]

  /// Draws `report`, with `data`'s examples on the decision panel.
  ///
  /// - Throws: when an option is out of range or `data` does not fit the
  ///   report's network (see `checkData`).
  public static func render(
    report: TrainingReport, data: DatasetFile? = nil, options: PlotOptions = PlotOptions()
  ) throws(ToolError) -> TrainingFigure {
    let weights = report.weights
    if let data { try checkData(data, fits: weights) }
    let inputs = weights.layers[0]
    let showsPlane = inputs == 2
    var notes: [String] = []
    if !showsPlane {
      notes.append(
        "the network has \(ToolError.count(inputs, "input")); drawing the cost curve only "
          + "(a decision boundary needs exactly 2 inputs)")
    }

    let width = options.width ?? (showsPlane ? 960 : 600)
    let height = options.height ?? 440
    guard PlotOptions.widths.contains(width) else {
      throw ToolError(
        "the width must be \(PlotOptions.widths.lowerBound) to "
          + "\(PlotOptions.widths.upperBound) pixels, not \(width)")
    }
    guard PlotOptions.heights.contains(height) else {
      throw ToolError(
        "the height must be \(PlotOptions.heights.lowerBound) to "
          + "\(PlotOptions.heights.upperBound) pixels, not \(height)")
    }
    guard PlotOptions.gridSizes.contains(options.gridSize) else {
      throw ToolError(
        "the grid must have \(PlotOptions.gridSizes.lowerBound) to "
          + "\(PlotOptions.gridSizes.upperBound) points per axis, not \(options.gridSize)")
    }

    var svg = SVGDocument(width: width, height: height)
    let title = options.title ?? "Training report"
    svg.element("title", text: title)
    svg.element("rect", ["width": "100%", "height": "100%", "fill": PlotColor.white.hex])
    svg.element(
      "text",
      [
        "x": SVGDocument.number(Double(width) / 2), "y": "26", "text-anchor": "middle",
        "font-size": "16", "font-weight": "bold", "fill": PlotColor.ink.hex,
      ], text: title)
    svg.element(
      "text",
      [
        "x": SVGDocument.number(Double(width) / 2), "y": "45", "text-anchor": "middle",
        "fill": PlotColor.axis.hex,
      ], text: subtitle(report))

    let top = 54.0
    let panelHeight = Double(height) - top - 6
    if showsPlane {
      let planeWidth = min(
        DecisionPanel.preferredWidth(height: panelHeight), Double(width) * 0.55)
      let costWidth = Double(width) - planeWidth
      CostPanel.draw(
        into: &svg, frame: PlotRect(x: 0, y: top, width: costWidth, height: panelHeight),
        report: report, scale: options.costScale)
      try DecisionPanel.draw(
        into: &svg,
        frame: PlotRect(x: costWidth, y: top, width: planeWidth, height: panelHeight),
        weights: weights, data: data, gridSize: options.gridSize)
    } else {
      CostPanel.draw(
        into: &svg, frame: PlotRect(x: 0, y: top, width: Double(width), height: panelHeight),
        report: report, scale: options.costScale)
    }
    return TrainingFigure(svg: svg.text, notes: notes)
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
      ToolError.count(report.epochs, "epoch"),
      "final cost \(PlotNumber.significant(report.finalCost, digits: 3))",
    ]
    if let accuracy = report.trainAccuracy {
      parts.append("train accuracy \(PlotNumber.significant(accuracy * 100, digits: 3))%")
    }
    return parts.joined(separator: " · ")
  }
}
