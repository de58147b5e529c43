/// A numeric dataset read from a CSV or FANN file: each example's inputs
/// and targets, in file order, with what is needed to record where it came
/// from.
///
/// The file's shape is only known at run time, so the values are plain
/// `Double`s, each kind in one flat array (`ExampleRows`); `dataset()`
/// turns them into the kernel's `Dataset` once the network's shape is
/// chosen.
public struct DatasetFile: Sendable, Equatable {
  /// The file, as the user named it.
  public var path: String
  public var format: DatasetFormat
  /// The CSV header's column names, when the file has a header row.
  public var columnNames: [String]?
  /// `inputs[n][i]` is input `i` of example `n`.
  public var inputs: ExampleRows
  /// `targets[n][k]` is target `k` of example `n`.
  public var targets: ExampleRows
  /// SHA-256 of the file's bytes in lowercase hex, as `sha256sum` prints
  /// it: the dataset's identity in provenance records.
  public var sha256: String
  /// For a table read by column names (`TableColumns`): the input columns,
  /// in input order.
  public var featureNames: [String]?
  /// For a table with `--targets`: the target columns, in output order.
  public var targetNames: [String]?
  /// For a table with `--label`: the class of each output, in order; each
  /// example's targets are the one-hot vector of its class.
  public var classes: [String]?

  public var inputCount: Int { inputs.width }
  public var outputCount: Int { targets.width }
  /// The number of examples, at least 1.
  public var exampleCount: Int { inputs.count }

  public init(
    path: String, format: DatasetFormat, columnNames: [String]? = nil, inputs: ExampleRows,
    targets: ExampleRows, sha256: String
  ) {
    precondition(inputs.count == targets.count, "as many targets as inputs")
    self.path = path
    self.format = format
    self.columnNames = columnNames
    self.inputs = inputs
    self.targets = targets
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
    var file = try bytes.withUnsafeBufferPointer { (buffer) throws(ToolError) in
      var lines = ByteLines(buffer, path: path)
      guard lines.hasContent else {
        throw ToolError(
          bytes.isEmpty ? "empty file" : "empty file (only blank lines)", file: path)
      }
      return switch format {
      case .csv: try parseCSV(&lines, outputs: outputs ?? 1)
      case .fann: try parseFANN(&lines, outputs: outputs)
      }
    }
    file.sha256 = SHA256.hexDigest(bytes)
    return file
  }
}

/// The rows of one kind of value — every example's inputs, or every
/// example's targets — `width` to a row, in one flat array.
///
/// A dataset of millions of short rows held as `[[Double]]` spends several
/// times more on the arrays than on the numbers; here a row is a view.
public struct ExampleRows: RandomAccessCollection, Sendable, Equatable {
  /// Values per row, at least 1.
  public let width: Int
  /// Row after row.
  public private(set) var values: [Double]

  public init(width: Int, values: [Double]) {
    precondition(width >= 1 && values.count % width == 0, "whole rows of at least one value")
    self.width = width
    self.values = values
  }

  /// An empty table with room for `rows` rows.
  init(width: Int, reservingRows rows: Int) {
    self.init(width: width, values: [])
    values.reserveCapacity(rows * width)
  }

  /// Appends one row: `width` values.
  mutating func append(_ row: some Collection<Double>) {
    values.append(contentsOf: row)
  }

  public var startIndex: Int { 0 }
  public var endIndex: Int { values.count / width }

  public subscript(row: Int) -> Row {
    Row(values: values, start: row * width, count: width)
  }

  /// One row, indexed from 0.
  public struct Row: RandomAccessCollection, Sendable {
    let values: [Double]
    let start: Int
    public let count: Int

    public var startIndex: Int { 0 }
    public var endIndex: Int { count }
    public subscript(i: Int) -> Double {
      precondition(i >= 0 && i < count, "index out of the row")
      return values[start + i]
    }
  }
}
