import SIMDNet

extension DatasetFile {
  /// FANN's training-data format: a header `count inputs outputs`, then for
  /// each example one line of inputs and one line of outputs, values
  /// separated by spaces or tabs.
  ///
  /// FANN's own reader scans for numbers and ignores line breaks; this one
  /// holds each example to its two lines, as FANN writes them, so that a
  /// missing value is reported on the line where it is missing rather than
  /// shifting every example after it. Blank lines are skipped, as FANN's
  /// reader skips them. The header's widths must be ones a network can
  /// have (`DynamicNetwork.maximumWidth`), and its count is believed only as
  /// far as the file can hold that many examples: it must match the
  /// examples the file has, but it sizes nothing before they are read.
  static func parseFANN(
    _ lines: inout ByteLines, outputs requestedOutputs: Int?
  ) throws(ToolError) -> DatasetFile {
    var header = lines.next()!
    while header.isBlank { header = lines.next()! }
    let (count, inputCount, outputCount) = try fannHeader(header)
    if let requestedOutputs, requestedOutputs != outputCount {
      throw header.error(
        "the header declares \(ToolError.count(outputCount, "output")), "
          + "but \(requestedOutputs) \(requestedOutputs == 1 ? "was" : "were") asked for")
    }
    // Room for what the header declares, but no more than the rest of the
    // file can hold: the count is the file's claim, not its content.
    let rows = min(count, lines.recordBound(values: inputCount + outputCount, linesPerRecord: 2))
    var inputs = ExampleRows(width: inputCount, reservingRows: rows)
    var targets = ExampleRows(width: outputCount, reservingRows: rows)
    var row: [Double] = []
    row.reserveCapacity(max(inputCount, outputCount))
    var lastInputLine = header.number
    var index = 0
    while let line = lines.next() {
      if line.isBlank { continue }
      defer { index += 1 }
      let example = index / 2 + 1
      let isInputLine = index % 2 == 0
      if isInputLine && example > count {
        throw line.error(
          "more examples than the \(count) the header on line \(header.number) declares")
      }
      let expected = isInputLine ? inputCount : outputCount
      let kind = isInputLine ? "input" : "output"
      let found = line.blankFieldCount()
      guard found == expected else {
        throw line.error(
          "expected \(ToolError.count(expected, kind)) for example \(example), found \(found)")
      }
      try line.readBlankSeparated(
        into: &row, noun: kind, finiteRule: "datasets must hold finite numbers")
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
        file: lines.path, line: lastInputLine)
    }
    if inputs.count < count {
      throw header.error(
        "the header declares \(count) examples, but the file has only \(inputs.count)",
        at: header.range.lowerBound)
    }
    return DatasetFile(
      path: lines.path, format: .fann, inputs: inputs, targets: targets, sha256: "")
  }

  /// The header's three numbers, each checked where it is written.
  private static func fannHeader(
    _ header: ByteLine
  ) throws(ToolError) -> (count: Int, inputs: Int, outputs: Int) {
    var fields: [Range<Int>] = []
    var start = header.range.lowerBound
    while let field = header.blankField(from: start) {
      fields.append(field)
      start = field.upperBound
    }
    let numbers = fields.map {
      Int(String(decoding: UnsafeBufferPointer(rebasing: header.bytes[$0]), as: UTF8.self))
    }
    guard numbers.count == 3, let count = numbers[0], let inputs = numbers[1],
      let outputs = numbers[2], count >= 0, inputs >= 0, outputs >= 0
    else {
      throw header.error(
        "expected a header \"examples inputs outputs\" (three whole numbers), found "
          + header.quoted(header.range))
    }
    for (position, name) in ["examples", "inputs", "outputs"].enumerated() {
      let (value, column) = (numbers[position]!, fields[position].lowerBound)
      if value == 0 {
        throw header.error("the header declares 0 \(name); need at least 1", at: column)
      }
      if position > 0, value > DynamicNetwork.maximumWidth {
        throw header.error(
          "the header declares \(value) \(name); a network has at most "
            + "\(DynamicNetwork.maximumWidth)", at: column)
      }
    }
    return (count, inputs, outputs)
  }
}
