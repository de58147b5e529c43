import SIMDNetLines

extension DatasetFile {
  /// Numeric CSV: comma-separated fields, whitespace around them ignored,
  /// double quotes around a field removed (R's `write.csv` quotes headers);
  /// quoted commas are not supported.
  ///
  /// The first row is a header when none of its fields is a number, and
  /// data when every field is (empty fields count as neither); a first row
  /// with both is an error naming the field that does not fit, because a
  /// typo in the first example (`0,O,1`) would otherwise turn it silently
  /// into a header. A blank line inside the data is an error rather than
  /// skipped: a CSV record cannot be blank, so it more likely marks a
  /// damaged file.
  static func parseCSV(_ lines: inout ByteLines, outputs: Int) throws(ToolError) -> DatasetFile {
    let path = lines.path
    let first = lines.next()!
    if first.isBlank {
      throw first.error("blank line before the data (blank lines are allowed only at the end)")
    }
    let header = try headerNames(first)
    var firstData: ByteLine?
    var blank: ByteLine?
    var inputs = ExampleRows(width: 1, values: [])
    var targets = inputs
    var row: [Double] = []
    var width = 0
    var line: ByteLine? = header == nil ? first : lines.next()
    while let current = line {
      defer { line = lines.next() }
      if current.isBlank {
        if blank == nil { blank = current }
        continue
      }
      if let blank {
        throw blank.error("blank line inside the data (blank lines are allowed only at the end)")
      }
      if firstData == nil {
        firstData = current
        width = current.commaFieldCount()
        if let header, header.count != width {
          throw first.error(
            "the header has \(ToolError.count(header.count, "field")), but the first row of "
              + "data (line \(current.number)) has \(width)")
        }
        guard width > outputs else {
          throw current.error(
            "\(ToolError.count(width, "field")), too few for "
              + "\(ToolError.count(outputs, "target")) and at least one input")
        }
        let rows = 1 + lines.recordBound(values: width, linesPerRecord: 1)
        inputs = ExampleRows(width: width - outputs, reservingRows: rows)
        targets = ExampleRows(width: outputs, reservingRows: rows)
        row.reserveCapacity(width)
      }
      let count = current.commaFieldCount()
      guard count == width else { throw current.error("expected \(width) fields, found \(count)") }
      try current.readCommaSeparated(
        width: width, into: &row, noun: "field", finiteRule: "datasets must hold finite numbers")
      inputs.append(row[..<(width - outputs)])
      targets.append(row[(width - outputs)...])
    }
    guard firstData != nil else {
      throw ToolError("the header is the only row; the file has no examples", file: path, line: 1)
    }
    return DatasetFile(
      path: path, format: .csv, columnNames: header, inputs: inputs, targets: targets, sha256: "")
  }

  /// The first row's fields if it is a header, nil if it is data.
  private static func headerNames(_ line: ByteLine) throws(ToolError) -> [String]? {
    var fields: [Range<Int>] = []
    var start = line.range.lowerBound
    while start <= line.range.upperBound {
      let (field, next) = line.commaField(at: start)
      fields.append(field)
      start = next
    }
    let numeric = fields.map {
      NumberField.looksNumeric(UnsafeBufferPointer(rebasing: line.bytes[$0]))
    }
    let text = zip(fields, numeric).map { !$1 && !$0.isEmpty }
    let (numbers, words) = (numeric.count { $0 }, text.count { $0 })
    if words == 0 { return nil }
    if numbers == 0 {
      if let error = line.utf8Error() { throw error }
      return fields.map {
        String(decoding: UnsafeBufferPointer(rebasing: line.bytes[$0]), as: UTF8.self)
      }
    }
    // The odd one out: a number among names, or text among numbers.
    let oddIsNumber = numbers < words
    let odd = (oddIsNumber ? numeric : text).firstIndex(of: true)!
    let field = UnsafeBufferPointer(rebasing: line.bytes[fields[odd]])
    var column = fields[odd].lowerBound
    if case .failure(.notANumber(let offset)) = NumberField.parse(field) { column += offset }
    throw line.error(
      "the first row mixes numbers and text: field \(odd + 1) (\(line.quoted(fields[odd]))) is "
        + (oddIsNumber ? "a number" : "not a number")
        + "; a header row has no numbers, a row of data only numbers", at: column)
  }
}
