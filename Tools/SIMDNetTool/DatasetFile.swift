/// A numeric dataset read from a CSV or FANN file: each example's inputs
/// and targets, in file order, with what is needed to record where it came
/// from.
///
/// It is plain `[[Double]]` because the file's shape is only known at run
/// time; `dataset()` turns it into the kernel's fixed-size `Dataset` once the
/// network's shape is chosen.
public struct DatasetFile: Sendable, Equatable {
  /// The file, as the user named it.
  public var path: String
  public var format: DatasetFormat
  /// The CSV header's column names, when the file has a header row.
  public var columnNames: [String]?
  /// `inputs[n][i]` is input `i` of example `n`.
  public var inputs: [[Double]]
  /// `targets[n][k]` is target `k` of example `n`.
  public var targets: [[Double]]
  public var inputCount: Int
  public var outputCount: Int
  /// SHA-256 of the file's bytes in lowercase hex, as `sha256sum` prints
  /// it: the dataset's identity in provenance records.
  public var sha256: String

  /// The number of examples, at least 1.
  public var exampleCount: Int { inputs.count }

  public init(
    path: String, format: DatasetFormat, columnNames: [String]? = nil, inputs: [[Double]],
    targets: [[Double]], inputCount: Int, outputCount: Int, sha256: String
  ) {
    self.path = path
    self.format = format
    self.columnNames = columnNames
    self.inputs = inputs
    self.targets = targets
    self.inputCount = inputCount
    self.outputCount = outputCount
    self.sha256 = sha256
  }

  /// Reads the dataset at `path`.
  ///
  /// - Parameters:
  ///   - format: the layout; by default from the file name (`DatasetFormat(path:)`).
  ///   - outputs: how many targets each example has. For CSV, the last
  ///     `outputs` columns (default 1). A FANN file's header says; if given,
  ///     `outputs` must agree with it.
  public static func load(
    path: String, format: DatasetFormat? = nil, outputs: Int? = nil
  ) throws(ToolError) -> DatasetFile {
    let format = if let format { format } else { try DatasetFormat(path: path) }
    let bytes = try FileReader.bytes(atPath: path)
    return try parse(bytes, path: path, format: format, outputs: outputs)
  }

  /// Reads a dataset from `bytes`; `path` names it in errors.
  public static func parse(
    _ bytes: [UInt8], path: String, format: DatasetFormat, outputs: Int? = nil
  ) throws(ToolError) -> DatasetFile {
    if let outputs, outputs < 1 {
      throw ToolError("the number of outputs must be at least 1, not \(outputs)", file: path)
    }
    let lines = try TextLines(bytes, path: path).lines
    guard !lines.isEmpty else {
      throw ToolError(
        bytes.isEmpty ? "empty file" : "empty file (only blank lines)", file: path)
    }
    var file =
      switch format {
      case .csv: try parseCSV(lines, path: path, outputs: outputs ?? 1)
      case .fann: try parseFANN(lines, path: path, outputs: outputs)
      }
    file.sha256 = SHA256.hexDigest(bytes)
    return file
  }
}
