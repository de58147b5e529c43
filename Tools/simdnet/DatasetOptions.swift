import ArgumentParser
import SIMDNet
import SIMDNetTool

/// `--data PATH [--format csv|fann] [--outputs N]`: the dataset options the
/// commands that read examples share.
struct DatasetOptions: ParsableArguments {
  @Option(
    name: .customLong("data"),
    help: ArgumentHelp(
      "The dataset: numeric CSV (an optional header row, with no numbers in it; the last "
        + "--outputs columns are targets) or FANN's .data format.", valueName: "path"))
  var path: String

  @Option(
    help: ArgumentHelp(
      "The dataset's format. (default: from the file name: .csv is csv; .data, .train and "
        + ".test are fann)"))
  var format: DatasetFormat?

  @Option(
    help: ArgumentHelp(
      "How many of a CSV file's last columns are targets (default: 1). A FANN file's header "
        + "says; if given, this must agree with it.", valueName: "n"))
  var outputs: Int?

  /// Reads the dataset; errors name the file and line.
  func load() throws(ToolError) -> DatasetFile {
    try DatasetFile.load(path: path, format: format, outputs: outputs)
  }

  /// Another dataset, such as `--validation`'s, read as `--data` was — in
  /// its format, with the same `--outputs` — and checked against the same
  /// layers; errors name this file.
  func load(path: String, like data: DatasetFile, layers: [Int]) throws(ToolError) -> DatasetFile {
    let other = try DatasetFile.load(path: path, format: data.format, outputs: outputs)
    try checkShape(of: other, layers: layers)
    return other
  }

  /// The network's widths must be the data's: the kernel's own error, plus
  /// a hint when a CSV file's targets were counted with the default
  /// `--outputs 1` but the network has more outputs.
  func checkShape(of data: DatasetFile, layers: [Int]) throws(ToolError) {
    guard data.inputCount != layers.first || data.outputCount != layers.last else { return }
    var message =
      "the data has \(data.inputCount) input\(data.inputCount == 1 ? "" : "s") and "
      + "\(data.outputCount) output\(data.outputCount == 1 ? "" : "s") per example, but the "
      + "network is \(layers.map(String.init).joined(separator: "-"))"
    if data.format == .csv, outputs == nil, layers.count >= 2, layers.last != 1,
      data.inputCount + data.outputCount == layers.first! + layers.last!
    {
      message +=
        "; pass --outputs \(layers.last!) to take the last \(layers.last!) columns as targets"
    }
    throw ToolError(message, file: data.path)
  }
}

extension DatasetOptions {
  /// The dataset, checked against the weights file at `path` for shape and
  /// against `loss` for its output activation and targets — what evaluate
  /// and gradcheck both need before they touch the network.
  func load(for weightsFile: WeightsFile, at path: String, loss: Loss) throws -> DatasetFile {
    let data = try load()
    try checkShape(of: data, layers: weightsFile.layers)
    do {
      try loss.validate(outputActivation: weightsFile.activations.last!)
    } catch {
      throw ToolError(error.message, file: path)
    }
    try loss.validate(targetsOf: data)
    return data
  }
}
