extension DatasetFile {
  /// Numeric CSV: comma-separated fields, whitespace around them ignored,
  /// double quotes around a field removed (R's `write.csv` quotes headers);
  /// quoted commas are not supported.
  ///
  /// The first row is a header when one of its fields is neither empty nor a
  /// number. A blank line inside the data is an error rather than skipped: a
  /// CSV record cannot be blank, so it more likely marks a damaged file.
  static func parseCSV(
    _ lines: [TextLines.Line], path: String, outputs: Int
  ) throws(ToolError) -> DatasetFile {
    if lines[0].isBlank {
      throw ToolError(
        "blank line before the data (blank lines are allowed only at the end)", file: path,
        line: lines[0].number)
    }
    let first = fields(of: lines[0])
    let hasHeader = first.contains { !$0.isEmpty && Double($0) == nil }
    let dataLines = lines.dropFirst(hasHeader ? 1 : 0)
    guard let firstData = dataLines.first else {
      throw ToolError("the header is the only row; the file has no examples", file: path, line: 1)
    }
    let width = fields(of: firstData).count
    if hasHeader, first.count != width {
      throw ToolError(
        "the header has \(ToolError.count(first.count, "field")), but the first row of data "
          + "(line \(firstData.number)) has \(width)", file: path, line: 1)
    }
    guard width > outputs else {
      throw ToolError(
        "\(ToolError.count(width, "field")), too few for \(ToolError.count(outputs, "target")) "
          + "and at least one input", file: path, line: firstData.number)
    }
    var inputs: [[Double]] = []
    var targets: [[Double]] = []
    inputs.reserveCapacity(dataLines.count)
    targets.reserveCapacity(dataLines.count)
    var row: [Double] = []
    row.reserveCapacity(width)
    for line in dataLines {
      if line.isBlank {
        throw ToolError(
          "blank line inside the data (blank lines are allowed only at the end)",
          file: path, line: line.number)
      }
      let fields = fields(of: line)
      guard fields.count == width else {
        throw ToolError(
          "expected \(width) fields, found \(fields.count)", file: path, line: line.number)
      }
      row.removeAll(keepingCapacity: true)
      for (column, field) in fields.enumerated() {
        row.append(
          try parseDatasetNumber(field, what: "field \(column + 1)", path: path, line: line.number))
      }
      inputs.append(Array(row[..<(width - outputs)]))
      targets.append(Array(row[(width - outputs)...]))
    }
    return DatasetFile(
      path: path, format: .csv, columnNames: hasHeader ? first.map(String.init) : nil,
      inputs: inputs, targets: targets, inputCount: width - outputs, outputCount: outputs,
      sha256: "")
  }

  private static func fields(of line: TextLines.Line) -> [Substring] {
    line.text.split(separator: ",", omittingEmptySubsequences: false).map { field in
      var field = field.drop { $0 == " " || $0 == "\t" }
      while let last = field.last, last == " " || last == "\t" { field = field.dropLast() }
      if field.count >= 2, field.first == "\"", field.last == "\"" {
        field = field.dropFirst().dropLast()
      }
      return field
    }
  }
}
