/// A text file cut into numbered lines, as the dataset readers see it.
///
/// Cuts at `\n` in the bytes and drops a `\r` before it, because Swift's
/// `String` treats `\r\n` as one character and would not split there. A
/// UTF-8 byte-order mark at the start (spreadsheets write one) is dropped.
struct TextLines {
  struct Line {
    /// 1-based.
    var number: Int
    var text: String
    var isBlank: Bool { text.allSatisfy { $0 == " " || $0 == "\t" } }
  }

  /// Every line, trailing blank lines removed.
  var lines: [Line]

  init(_ bytes: [UInt8], path: String) throws(ToolError) {
    var start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
    var lines: [Line] = []
    while start <= bytes.count {
      var end = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
      let next = end + 1
      if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
      guard let text = String(validating: bytes[start..<end], as: UTF8.self) else {
        throw ToolError("not UTF-8 text", file: path, line: lines.count + 1)
      }
      lines.append(Line(number: lines.count + 1, text: text))
      start = next
    }
    while let last = lines.last, last.isBlank { lines.removeLast() }
    self.lines = lines
  }
}

/// Reads one number from a dataset field, refusing what a network cannot
/// learn from: the error says which `what` ("field 2", "value 3") and why.
func parseDatasetNumber(
  _ text: Substring, what: String, path: String, line: Int
) throws(ToolError) -> Double {
  guard !text.isEmpty else { throw ToolError("\(what) is empty", file: path, line: line) }
  guard let value = Double(text) else {
    throw ToolError("\(what) is not a number: \(ToolError.quoted(text))", file: path, line: line)
  }
  if value.isNaN {
    throw ToolError(
      "\(what) is NaN; datasets must hold finite numbers", file: path, line: line)
  }
  if value.isInfinite {
    let spelled = text.lowercased().contains("inf")
    throw ToolError(
      spelled
        ? "\(what) is infinite (\(ToolError.quoted(text))); datasets must hold finite numbers"
        : "\(what) (\(ToolError.quoted(text))) is out of the range of a Double",
      file: path, line: line)
  }
  return value
}
