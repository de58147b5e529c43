import SIMDNet

/// The whole figure of a training report: a heading, the cost curve and,
/// for a two-input network, the decision panel beside it — one standalone
/// SVG, the same bytes for the same inputs.
public struct TrainingFigure: Sendable {
  /// The SVG document's text.
  public var svg: String
  /// What the user should know about what was left out, one line each
  /// (the command prints them on standard error).
  public var notes: [String]

  /// Draws the training of `network`: `history` as the cost curve and, when
  /// the network has two inputs, its decision panel with `data` on the
  /// plane; `subtitle` says what was trained, under the heading.
  ///
  /// - Throws: when an option is out of range, or `data` cannot be placed
  ///   on the plane (see `DecisionPanel.domain(for:)`).
  public static func render(
    history: CostHistory, network: some Network, data: PlotExamples? = nil, subtitle: String,
    options: PlotOptions = PlotOptions()
  ) throws(PlotError) -> TrainingFigure {
    let inputs = network.inputWidth
    let showsPlane = inputs == 2
    var notes: [String] = []
    if !showsPlane {
      notes.append(
        "the network has \(inputs) input\(inputs == 1 ? "" : "s"); drawing the cost curve only "
          + "(a decision boundary needs exactly 2 inputs)")
    }

    let width = options.width ?? (showsPlane ? 960 : 600)
    let height = options.height ?? 440
    guard PlotOptions.widths.contains(width) else {
      throw PlotError(
        "the width must be \(PlotOptions.widths.lowerBound) to "
          + "\(PlotOptions.widths.upperBound) pixels, not \(width)")
    }
    guard PlotOptions.heights.contains(height) else {
      throw PlotError(
        "the height must be \(PlotOptions.heights.lowerBound) to "
          + "\(PlotOptions.heights.upperBound) pixels, not \(height)")
    }
    guard PlotOptions.gridSizes.contains(options.gridSize) else {
      throw PlotError(
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
      ], text: subtitle)

    let top = 54.0
    let panelHeight = Double(height) - top - 6
    if showsPlane {
      let planeWidth = min(
        DecisionPanel.preferredWidth(height: panelHeight), Double(width) * 0.55)
      let costWidth = Double(width) - planeWidth
      CostPanel.draw(
        into: &svg, frame: PlotRect(x: 0, y: top, width: costWidth, height: panelHeight),
        history: history, scale: options.costScale)
      try DecisionPanel.draw(
        into: &svg,
        frame: PlotRect(x: costWidth, y: top, width: planeWidth, height: panelHeight),
        network: network, data: data, gridSize: options.gridSize)
    } else {
      CostPanel.draw(
        into: &svg, frame: PlotRect(x: 0, y: top, width: Double(width), height: panelHeight),
        history: history, scale: options.costScale)
    }
    return TrainingFigure(svg: svg.text, notes: notes)
  }
}
