extension DatasetFile {
  /// FANN's training-data format: a header `count inputs outputs`, then for
  /// each example one line of inputs and one line of outputs, values
  /// separated by spaces or tabs.
  ///
  /// FANN's own reader scans for numbers and ignores line breaks; this one
  /// holds each example to its two lines, as FANN writes them, so that a
  /// missing value is reported on the line where it is missing rather than
  /// shifting every example after it. Blank lines are skipped, as FANN's
  /// reader skips them.
  static func parseFANN(
    _ lines: [TextLines.Line], path: String, outputs requestedOutputs: Int?
  ) throws(ToolError) -> DatasetFile {
    let content = lines.filter { !$0.isBlank }
    let header = content[0]
    let numbers = values(of: header).map { Int($0) }
    guard numbers.count == 3, let count = numbers[0], let inputCount = numbers[1],
      let outputCount = numbers[2], count >= 0, inputCount >= 0, outputCount >= 0
    else {
      throw ToolError(
        "expected a header \"examples inputs outputs\" (three whole numbers), found "
          + ToolError.quoted(header.text), file: path, line: header.number)
    }
    for (value, name) in [(count, "examples"), (inputCount, "inputs"), (outputCount, "outputs")]
    where value == 0 {
      throw ToolError(
        "the header declares 0 \(name); need at least 1", file: path, line: header.number)
    }
    if let requestedOutputs, requestedOutputs != outputCount {
      throw ToolError(
        "the header declares \(ToolError.count(outputCount, "output")), "
          + "but \(requestedOutputs) \(requestedOutputs == 1 ? "was" : "were") asked for",
        file: path, line: header.number)
    }
    var inputs: [[Double]] = []
    var targets: [[Double]] = []
    inputs.reserveCapacity(count)
    targets.reserveCapacity(count)
    var lastInputLine = header.number
    for (index, line) in content.dropFirst().enumerated() {
      let example = index / 2 + 1
      let isInputLine = index % 2 == 0
      if isInputLine && example > count {
        throw ToolError(
          "more examples than the \(count) the header on line \(header.number) declares",
          file: path, line: line.number)
      }
      let expected = isInputLine ? inputCount : outputCount
      let kind = isInputLine ? "input" : "output"
      let fields = values(of: line)
      guard fields.count == expected else {
        throw ToolError(
          "expected \(ToolError.count(expected, kind)) for example \(example), "
            + "found \(fields.count)", file: path, line: line.number)
      }
      var row: [Double] = []
      row.reserveCapacity(expected)
      for (position, field) in fields.enumerated() {
        row.append(
          try parseDatasetNumber(
            field, what: "\(kind) \(position + 1)", path: path, line: line.number))
      }
      if isInputLine {
        inputs.append(row)
        lastInputLine = line.number
      } else {
        targets.append(row)
      }
    }
    if inputs.count > targets.count {
      throw ToolError(
        "the file ends after the inputs of example \(inputs.count); "
          + "expected a line of \(ToolError.count(outputCount, "output")) next",
        file: path, line: lastInputLine)
    }
    if inputs.count < count {
      throw ToolError(
        "the header declares \(count) examples, but the file has only \(inputs.count)",
        file: path, line: header.number)
    }
    return DatasetFile(
      path: path, format: .fann, inputs: inputs, targets: targets, inputCount: inputCount,
      outputCount: outputCount, sha256: "")
  }

  private static func values(of line: TextLines.Line) -> [Substring] {
    line.text.split(whereSeparator: { $0 == " " || $0 == "\t" })
  }
}
