extension DatasetFile {
  /// Reads the CSV table at `path`, whose first row names its columns,
  /// taking the columns `columns` names as inputs and targets.
  public static func load(path: String, columns: TableColumns) throws(ToolError) -> DatasetFile {
    let bytes = try FileReader.bytes(atPath: path)
    return try parseTable(bytes, path: path, columns: columns)
  }

  /// A CSV table with a header row (RFC 4180 fields: quoted fields may
  /// hold commas and `""`; CRLF line ends and a UTF-8 byte-order mark are
  /// read too). The header's names must be unique and not empty; every row
  /// has as many fields as the header. Feature and target cells are numbers
  /// as in any dataset; a label cell is any text but empty.
  ///
  /// With `columns.label`, the targets are one-hot: output `k` is 1 for
  /// the examples of class `k`, 0 for the others. The classes are those of
  /// `columns.classes` when given (a label outside them is an error), or
  /// else every label found, sorted (`sortedClasses`), so that the same
  /// rows in any order give the same network. Every error names the file,
  /// the line and the column.
  public static func parseTable(
    _ bytes: [UInt8], path: String, columns: TableColumns
  ) throws(ToolError) -> DatasetFile {
    var file = try bytes.withUnsafeBufferPointer { (buffer) throws(ToolError) in
      var lines = ByteLines(buffer, path: path)
      guard lines.hasContent else {
        throw ToolError(
          bytes.isEmpty ? "empty file" : "empty file (only blank lines)", file: path)
      }
      return try TableReader(columns: columns, path: path).read(&lines)
    }
    file.sha256 = SHA256.hexDigest(bytes)
    return file
  }

  /// The classes in a reproducible order: numerically when every label is
  /// an integer (`2` before `10`), otherwise by their UTF-8 bytes. Labels
  /// of equal value (`0`, `+0`, `00`) are distinct classes, ordered by
  /// their bytes, so the order never depends on how a set iterates.
  public static func sortedClasses(_ labels: Set<String>) -> [String] {
    let bytesFirst = { (a: String, b: String) in
      Array(a.utf8).lexicographicallyPrecedes(Array(b.utf8))
    }
    guard labels.allSatisfy({ Int($0) != nil }) else { return labels.sorted(by: bytesFirst) }
    return labels.sorted { a, b in
      let (x, y) = (Int(a)!, Int(b)!)
      return x != y ? x < y : bytesFirst(a, b)
    }
  }
}

/// Reads one table: the header, which columns are what, then the rows.
private struct TableReader {
  let columns: TableColumns
  let path: String

  func read(_ lines: inout ByteLines) throws(ToolError) -> DatasetFile {
    let first = lines.next()!
    if first.isBlank {
      throw first.error("blank line before the header (blank lines are allowed only at the end)")
    }
    let headerFields = try first.quotedFields()
    var header: [String] = []
    for field in headerFields {
      let name = try first.text(of: field)
      if name.isEmpty {
        throw first.error("column \(header.count + 1) of the header has no name", at: field.start)
      }
      if let earlier = header.firstIndex(of: name) {
        throw first.error(
          "column \(header.count + 1) repeats the name \(ToolError.quoted(name)) of column "
            + "\(earlier + 1); each column needs its own name", at: field.start)
      }
      header.append(name)
    }
    let (featureColumns, targetColumns, labelColumn) = try resolve(header, line: first)

    var inputRows: [Double] = []
    var targetRows: [Double] = []
    var labels: [String] = []
    var labelPlaces: [(line: Int, column: Int)] = []
    var blank: ByteLine?
    var rows = 0
    while let line = lines.next() {
      if line.isBlank {
        if blank == nil { blank = line }
        continue
      }
      if let blank {
        throw blank.error("blank line inside the data (blank lines are allowed only at the end)")
      }
      let fields = try line.quotedFields()
      guard fields.count == header.count else {
        throw line.error(
          "expected \(header.count) fields, as the header has, found \(fields.count)")
      }
      for c in featureColumns { inputRows.append(try number(fields[c], c, header, line)) }
      for c in targetColumns { targetRows.append(try number(fields[c], c, header, line)) }
      if let c = labelColumn {
        let label = try line.text(of: fields[c])
        if label.isEmpty {
          throw line.error(
            "the label (column \(ToolError.quoted(header[c]))) is empty", at: fields[c].start)
        }
        labels.append(label)
        labelPlaces.append((line.number, line.column(of: fields[c].start)))
      }
      rows += 1
    }
    guard rows > 0 else {
      throw ToolError("the header is the only row; the file has no examples", file: path, line: 1)
    }
    var file = DatasetFile(
      path: path, format: .csv, columnNames: header,
      inputs: ExampleRows(width: featureColumns.count, values: inputRows),
      targets: ExampleRows(width: 1, values: [Double](repeating: 0, count: rows)), sha256: "")
    file.featureNames = featureColumns.map { header[$0] }
    if let c = labelColumn {
      let classes = columns.classes ?? DatasetFile.sortedClasses(Set(labels))
      guard classes.count >= 2 else {
        throw ToolError(
          "the label column \(ToolError.quoted(header[c])) has only one class, "
            + "\(ToolError.quoted(classes[0])); a classifier needs at least two", file: path)
      }
      var index: [String: Int] = [:]
      for (k, name) in classes.enumerated() { index[name] = k }
      var oneHot = [Double](repeating: 0, count: rows * classes.count)
      for (n, label) in labels.enumerated() {
        guard let k = index[label] else {
          throw ToolError(
            "the label \(ToolError.quoted(label)) (column \(ToolError.quoted(header[c]))) is not "
              + "a class the network knows: "
              + classes.map { ToolError.quoted($0) }.joined(separator: ", "),
            file: path, line: labelPlaces[n].line, column: labelPlaces[n].column)
        }
        oneHot[n * classes.count + k] = 1
      }
      file.targets = ExampleRows(width: classes.count, values: oneHot)
      file.classes = classes
    } else {
      file.targets = ExampleRows(width: targetColumns.count, values: targetRows)
      file.targetNames = targetColumns.map { header[$0] }
    }
    return file
  }

  /// The columns of the features, the targets and the label, by index;
  /// errors name the flag and list the header's names.
  func resolve(
    _ header: [String], line: ByteLine
  ) throws(ToolError) -> (features: [Int], targets: [Int], label: Int?) {
    func column(_ name: String, _ flag: String) throws(ToolError) -> Int {
      guard let c = header.firstIndex(of: name) else {
        throw line.error(
          "--\(flag): no column named \(ToolError.quoted(name)); the header has "
            + header.map { ToolError.quoted($0) }.joined(separator: ", "))
      }
      return c
    }
    switch (columns.label, columns.targets) {
    case (nil, nil):
      throw ToolError("a table needs --label COLUMN or --targets COLUMNS", file: path)
    case (.some, .some):
      throw ToolError(
        "--label and --targets both name targets; give one (a label for classes, targets "
          + "for numbers)")
    default: break
    }
    let label = try columns.label.map { (name) throws(ToolError) in try column(name, "label") }
    var targets: [Int] = []
    for name in columns.targets ?? [] { targets.append(try column(name, "targets")) }
    var used = Set(targets + (label.map { [$0] } ?? []))
    if used.count < targets.count + (label == nil ? 0 : 1) {
      throw ToolError("--targets names a column twice")
    }
    var features: [Int] = []
    if let names = columns.features {
      for name in names {
        let c = try column(name, "features")
        guard !used.contains(c) else {
          throw ToolError(
            "--features: column \(ToolError.quoted(name)) is "
              + (c == label ? "the label" : features.contains(c) ? "named twice" : "a target"))
        }
        used.insert(c)
        features.append(c)
      }
    } else {
      features = header.indices.filter { !used.contains($0) }
    }
    guard !features.isEmpty else {
      throw ToolError("no input columns are left besides the targets", file: path)
    }
    return (features, targets, label)
  }

  /// The number in column `c`; an error names the line, the column's
  /// position and name.
  func number(
    _ field: QuotedField, _ c: Int, _ header: [String], _ line: ByteLine
  ) throws(ToolError) -> Double {
    do {
      return try line.number(
        field.content, noun: "field", position: c + 1,
        finiteRule: "datasets must hold finite numbers")
    } catch {
      throw ToolError(
        error.message + " (column \(ToolError.quoted(header[c])))", file: error.file,
        line: error.line, column: error.column)
    }
  }
}
