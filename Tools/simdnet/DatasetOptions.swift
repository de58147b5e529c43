import ArgumentParser
import SIMDNet
import SIMDNetTool

/// `--data PATH [--format csv|fann] [--outputs N | --label COLUMN |
/// --targets COLUMNS] [--features COLUMNS]`: the dataset options the
/// commands that read examples share.
///
/// The flags choose how a CSV file is read: with `--label`, `--targets` or
/// `--features`, as a table whose header row names its columns
/// (`TableColumns`); without them, as numbers whose last `--outputs`
/// columns are the targets, an optional header row skipped.
struct DatasetOptions: ParsableArguments {
  @Option(
    name: .customLong("data"),
    help: ArgumentHelp(
      "The dataset: numeric CSV (an optional header row, with no numbers in it; the last "
        + "--outputs columns are targets), a CSV table with a header row read by --label, "
        + "--targets and --features, or FANN's .data format.", valueName: "path"))
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

  @Option(
    help: ArgumentHelp(
      "Read the CSV file as a table with a header row, and take this column's values (class "
        + "names or integers) as classes: one output per class, in sorted order (numeric when "
        + "every class is an integer), one-hot targets.", valueName: "column"))
  var label: String?

  @Option(
    help: ArgumentHelp(
      "Read the CSV file as a table with a header row, and take these columns "
        + "(comma-separated names) as the targets of a regression.", valueName: "columns"))
  var targets: String?

  @Option(
    help: ArgumentHelp(
      "With --label or --targets: the input columns, by name, in this order. (default: every "
        + "other column, or the weights file's features)", valueName: "columns"))
  var features: String?

  /// Whether the flags ask for a table read by column names.
  var readsTable: Bool { label != nil || targets != nil || features != nil }

  /// The columns the flags name; `names` supplies what the flags leave
  /// out (the features and classes a weights file records).
  func tableColumns(classes: [String]? = nil, features known: [String]? = nil) throws(ToolError)
    -> TableColumns
  {
    if outputs != nil {
      throw ToolError(
        "--outputs counts the last columns of a numeric CSV file; with --label or --targets "
          + "the columns are named instead")
    }
    if format == .fann { throw ToolError("--label, --targets and --features read CSV tables") }
    return TableColumns(
      label: label,
      targets: try targets.map { (t) throws(ToolError) in
        try TableColumns.names(t, flag: "targets")
      },
      features: try features.map { (f) throws(ToolError) in
        try TableColumns.names(f, flag: "features")
      } ?? known, classes: classes)
  }

  /// Reads the dataset; errors name the file and line. A table's labels
  /// must be among `classes` when given, in that order.
  func load(classes: [String]? = nil) throws(ToolError) -> DatasetFile {
    if readsTable {
      return try DatasetFile.load(path: path, columns: tableColumns(classes: classes))
    }
    return try DatasetFile.load(path: path, format: format, outputs: outputs)
  }

  /// Another dataset, such as `--validation`'s, read as `--data` was — in
  /// its format, with the same `--outputs` or the same columns and classes
  /// — and checked against the same layers; errors name this file.
  func load(path: String, like data: DatasetFile, layers: [Int]) throws(ToolError) -> DatasetFile {
    let other =
      readsTable
      ? try DatasetFile.load(
        path: path, columns: tableColumns(classes: data.classes, features: data.featureNames))
      : try DatasetFile.load(path: path, format: data.format, outputs: outputs)
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
    if let classes = data.classes, layers.last != classes.count {
      message +=
        "; --label \(label ?? "") has \(classes.count) classes, one output each, so the last "
        + "width is \(classes.count)"
    }
    if data.format == .csv, !readsTable, outputs == nil, layers.count >= 2, layers.last != 1,
      data.inputCount + data.outputCount == layers.first! + layers.last!
    {
      message +=
        "; pass --outputs \(layers.last!) to take the last \(layers.last!) columns as targets"
    }
    throw ToolError(message, file: data.path)
  }
}

extension DatasetOptions {
  /// The dataset in the network's own units, checked against the weights
  /// file at `path` for shape and against `loss` for its output activation
  /// and targets — what evaluate and gradcheck both need before they touch
  /// the network. A table's columns are mapped by the names the weights
  /// file records (its features, by default; its classes, always), and the
  /// examples are scaled by its scaling, as training scaled them.
  func load(for weightsFile: WeightsFile, at path: String, loss: Loss) throws -> DatasetFile {
    if weightsFile.classes != nil, !readsTable {
      throw ToolError(
        "the network names classes; give the column that holds them, --label COLUMN",
        file: path)
    }
    if label != nil, weightsFile.classes == nil {
      throw ToolError(
        "--label: the network names no classes (it was not trained with --label)", file: path)
    }
    let raw =
      readsTable
      ? try DatasetFile.load(
        path: self.path,
        columns: tableColumns(classes: weightsFile.classes, features: weightsFile.features))
      : try load()
    try checkShape(of: raw, layers: weightsFile.layers)
    let data = raw.scaled(inputs: weightsFile.inputScaling, targets: weightsFile.outputScaling)
    do {
      try loss.validate(outputActivation: weightsFile.activations.last!)
    } catch {
      throw ToolError(error.message, file: path)
    }
    try loss.validate(targetsOf: data)
    return data
  }
}
