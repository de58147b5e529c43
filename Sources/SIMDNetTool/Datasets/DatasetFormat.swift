/// How a dataset file is laid out.
public enum DatasetFormat: String, Sendable, Hashable, CaseIterable {
  /// Comma-separated numbers, one example per row, an optional header row;
  /// the last columns are the targets.
  case csv
  /// FANN's `.data` format: a `count inputs outputs` header, then each
  /// example's inputs on one line and its outputs on the next.
  case fann

  /// The format a file name implies: `.csv` is CSV; `.data`, `.train` and
  /// `.test` are FANN's (the extensions FANN's own datasets use).
  public init(path: String) throws(ToolError) {
    let name = path.split(separator: "/").last.map(String.init) ?? path
    let extensionStart = name.lastIndex(of: ".").map { name.index(after: $0) }
    switch extensionStart.map({ name[$0...].lowercased() }) {
    case "csv": self = .csv
    case "data", "train", "test": self = .fann
    default:
      throw ToolError(
        "cannot tell the format from the file name; name it .csv, .data, .train or .test, "
          + "or give the format (csv or fann)", file: path)
    }
  }
}
