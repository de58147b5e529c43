import ArgumentParser
import SIMDNetPlot
import SIMDNetTool

/// `simdnet plot`: draws a training report as one standalone SVG — the cost
/// curve, and for a two-input network the decision boundary over the data —
/// the lecture's figure after 5000 epochs, for any run of `simdnet train`.
struct PlotCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "plot",
    abstract: "Draw a training report's cost curve and decision boundary as an SVG.",
    discussion: """
      Reads the JSON object that `simdnet train --report json` prints and writes one \
      standalone SVG: the cost over the epochs (final cost marked; with the report of a \
      run with --validation, the validation cost too, dashed, its best epoch ringed; the \
      cost axis is logarithmic when the costs span more than two decades, unless \
      --cost-scale says otherwise) and, for a network with two inputs, the input plane shaded by the \
      network's output with the boundary where its decision changes: ŷ = 0.5 for one \
      output, the borders between argmax regions for several. With --data, the \
      examples are drawn on the plane coloured by their class, and the plane covers \
      their bounding box with 15% margin; without, it covers [-0.25, 1.25]². The same \
      inputs always give the same bytes, and the file is replaced atomically.
      """
  )

  @Option(name: .long, help: ArgumentHelp("The training report (JSON).", valueName: "TRAIN.json"))
  var report: String

  @Option(
    name: .long,
    help: ArgumentHelp("Examples to draw on the decision panel (CSV or FANN).", valueName: "PATH"))
  var data: String?

  @Option(
    name: .long,
    help: ArgumentHelp(
      "The data's format. (default: from the file name: .csv is csv; .data, .train and .test "
        + "are fann)"))
  var format: DatasetFormat?

  @Option(
    name: .long,
    help: ArgumentHelp(
      "Targets per CSV row, the last columns (default: the network's outputs).",
      valueName: "N"))
  var outputs: Int?

  @Option(name: .long, help: ArgumentHelp("The SVG file to write.", valueName: "FILE.svg"))
  var out: String

  @Option(name: .long, help: ArgumentHelp("The figure's heading.", valueName: "T"))
  var title: String?

  @Option(
    name: .long,
    help: ArgumentHelp(
      "The figure's width in pixels (default 960, or 600 with the cost curve alone).",
      valueName: "W"))
  var width: Int?

  @Option(
    name: .long, help: ArgumentHelp("The figure's height in pixels (default 440).", valueName: "H"))
  var height: Int?

  @Option(
    name: .long,
    help: ArgumentHelp(
      "The cost axis: auto (log when costs span more than two decades), linear or log.",
      valueName: "auto|linear|log"))
  var costScale: String = "auto"

  @Option(
    name: .long,
    help: ArgumentHelp(
      "Points per axis of the grid the decision boundary is traced on.", valueName: "N"))
  var grid: Int = 200

  func run() throws {
    let scale: PlotScale.Kind?
    switch costScale {
    case "auto": scale = nil
    case "linear": scale = .linear
    case "log": scale = .logarithmic
    default: throw ValidationError("--cost-scale must be auto, linear or log, not '\(costScale)'")
    }
    if data == nil && (format != nil || outputs != nil) {
      throw ValidationError("--format and --outputs describe --data; give --data too")
    }

    let report = try TrainingReport.load(path: report)
    var dataset: DatasetFile?
    if let path = data {
      let resolved = try format ?? DatasetFormat(path: path)
      // A CSV row doesn't say where its inputs end; the network does.
      let targets = outputs ?? (resolved == .csv ? report.weights.layers.last! : nil)
      dataset = try DatasetFile.load(path: path, format: resolved, outputs: targets)
    }
    let figure = try TrainingFigure.render(
      report: report, data: dataset,
      options: PlotOptions(
        title: title, width: width, height: height, costScale: scale, gridSize: grid))
    for note in figure.notes { Console.writeError("Note: \(note)\n") }
    try AtomicFile.write(figure.svg, to: out)
  }
}
