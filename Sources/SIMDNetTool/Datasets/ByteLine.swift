import SIMDNetLines

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// One line of a text input, as the dataset readers and `simdnet predict`
/// see it: a range of bytes, without its `\n` or a `\r` before it, and
/// where it is for errors.
///
/// Readers work on the bytes in place rather than on a `String` per line,
/// so that reading a file takes little more memory than its numbers.
struct ByteLine {
  /// The whole input the line is in.
  let bytes: UnsafeBufferPointer<UInt8>
  /// The line's bytes within `bytes`.
  let range: Range<Int>
  /// 1-based.
  let number: Int
  /// The index in `bytes` of column 1: the line's start, after a
  /// byte-order mark on the first line.
  let columnBase: Int
  /// Where the input is, as the user named it.
  let path: String

  /// The line from `start` to `end` (a `\n` or the input's end), without
  /// a `\r` before `end`.
  init(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int, number: Int, path: String)
  {
    let contentEnd = end > start && bytes[end - 1] == UInt8(ascii: "\r") ? end - 1 : end
    self.bytes = bytes
    self.range = start..<contentEnd
    self.number = number
    self.columnBase = start
    self.path = path
  }

  var isBlank: Bool { range.allSatisfy { isBlankByte(bytes[$0]) } }

  /// The 1-based column of the byte at `index`.
  func column(of index: Int) -> Int { index - columnBase + 1 }

  /// An error on this line, at the byte at `index` if given.
  func error(_ message: String, at index: Int? = nil) -> ToolError {
    ToolError(message, file: path, line: number, column: index.map(column(of:)))
  }

  /// The text of `range`, quoted for an error message.
  func quoted(_ range: Range<Int>) -> String {
    ToolError.quoted(String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self))
  }

  /// "not UTF-8 text" at the first byte that is not, or nil if the line is
  /// UTF-8: checked only once something on the line is wrong, because a
  /// byte that is not UTF-8 is never part of a number.
  func utf8Error() -> ToolError? {
    var parser = Unicode.UTF8.ForwardParser()
    var iterator = UnsafeBufferPointer(rebasing: bytes[range]).makeIterator()
    var offset = 0
    while true {
      switch parser.parseScalar(from: &iterator) {
      case .valid(let scalar): offset += scalar.count
      case .error: return error("not UTF-8 text", at: range.lowerBound + offset)
      case .emptyInput: return nil
      }
    }
  }

  /// The number in `field` (a range of this line), or one error naming it
  /// (`noun` and `position`: "field 2", "input 3") and where the problem
  /// is; `finiteRule` says why NaN and infinities are refused.
  func number(
    _ field: Range<Int>, noun: String, position: Int, finiteRule: String
  ) throws(ToolError) -> Double {
    let result = NumberField.parse(UnsafeBufferPointer(rebasing: bytes[field]))
    switch result {
    case .success(let value): return value
    case .failure(let problem):
      if let error = utf8Error() { throw error }
      let what = "\(noun) \(position)"
      let start = field.lowerBound
      switch problem {
      case .empty: throw error("\(what) is empty", at: start)
      case .notANumber(let offset):
        throw error("\(what) is not a number: \(quoted(field))", at: start + offset)
      case .nan: throw error("\(what) is NaN; \(finiteRule)", at: start)
      case .infinite:
        throw error("\(what) is infinite (\(quoted(field))); \(finiteRule)", at: start)
      case .outOfRange:
        throw error("\(what) (\(quoted(field))) is out of the range of a Double", at: start)
      case .tooLong:
        throw error(
          "\(what) is longer than \(NumberField.maximumLength) bytes, the most for a number",
          at: start)
      }
    }
  }

  // MARK: Fields

  /// How many comma-separated fields the line has.
  func commaFieldCount() -> Int {
    1 + range.reduce(0) { $0 + (bytes[$1] == UInt8(ascii: ",") ? 1 : 0) }
  }

  /// The comma-separated field that starts at `start`: its content without
  /// the spaces and tabs around it or a pair of double quotes around that
  /// (R's `write.csv` quotes), and where the next field starts.
  func commaField(at start: Int) -> (field: Range<Int>, next: Int) {
    var end = start
    while end < range.upperBound, bytes[end] != UInt8(ascii: ",") { end += 1 }
    var (low, high) = (start, end)
    while low < high, isBlankByte(bytes[low]) { low += 1 }
    while low < high, isBlankByte(bytes[high - 1]) { high -= 1 }
    if high - low >= 2, bytes[low] == UInt8(ascii: "\""), bytes[high - 1] == UInt8(ascii: "\"") {
      (low, high) = (low + 1, high - 1)
    }
    return (low..<high, end + 1)
  }

  /// Reads the line's `width` comma-separated numbers into `row`,
  /// replacing what it held; the caller has checked that there are `width`
  /// (`commaFieldCount`), so that a short line is reported as short rather
  /// than by its first bad field. `noun` names the fields in errors.
  func readCommaSeparated(
    width: Int, into row: inout [Double], noun: String, finiteRule: String
  ) throws(ToolError) {
    row.removeAll(keepingCapacity: true)
    var start = range.lowerBound
    for position in 1...width {
      let (field, next) = commaField(at: start)
      row.append(try number(field, noun: noun, position: position, finiteRule: finiteRule))
      start = next
    }
  }

  /// The first field at or after `start` of those separated by runs of
  /// spaces and tabs, as FANN writes them; nil after the last.
  func blankField(from start: Int) -> Range<Int>? {
    var i = start
    while i < range.upperBound, isBlankByte(bytes[i]) { i += 1 }
    let fieldStart = i
    while i < range.upperBound, !isBlankByte(bytes[i]) { i += 1 }
    return i > fieldStart ? fieldStart..<i : nil
  }

  /// How many fields separated by spaces and tabs the line has.
  func blankFieldCount() -> Int {
    var (count, start) = (0, range.lowerBound)
    while let field = blankField(from: start) { (count, start) = (count + 1, field.upperBound) }
    return count
  }

  /// Reads every field separated by spaces and tabs into `row`, replacing
  /// what it held; `noun` names them in errors.
  func readBlankSeparated(
    into row: inout [Double], noun: String, finiteRule: String
  ) throws(ToolError) {
    row.removeAll(keepingCapacity: true)
    var start = range.lowerBound
    while let field = blankField(from: start) {
      row.append(
        try number(field, noun: noun, position: row.count + 1, finiteRule: finiteRule))
      start = field.upperBound
    }
  }
}

/// The index of the first `\n` in `bytes[start..<end]`, if any.
func newline(in bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Int? {
  guard start < end, let base = bytes.baseAddress,
    let found = memchr(base + start, Int32(UInt8(ascii: "\n")), end - start)
  else { return nil }
  return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
}

/// A space or a tab: what may surround a field (the line protocol's rule).
@inline(__always)
func isBlankByte(_ byte: UInt8) -> Bool { NumberLine.isBlank(byte) }

/// The lines of a whole input held in memory, in order: cut at `\n`, a `\r`
/// before it dropped, a UTF-8 byte-order mark at the start (spreadsheets
/// write one) skipped. A final `\n` does not start another line.
struct ByteLines: IteratorProtocol {
  let bytes: UnsafeBufferPointer<UInt8>
  let path: String
  private var start: Int
  private var number = 0

  init(_ bytes: UnsafeBufferPointer<UInt8>, path: String) {
    self.bytes = bytes
    self.path = path
    let hasMark = bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF
    start = hasMark ? 3 : 0
  }

  /// Whether a line that is not blank is still to come.
  var hasContent: Bool {
    var rest = self
    while let line = rest.next() {
      if !line.isBlank { return true }
    }
    return false
  }

  /// The most records of `values` numbers each, over `linesPerRecord`
  /// lines, that the rest of the input can hold: what a reader may reserve
  /// room for. Each number takes at least two bytes (a digit, and a
  /// separator or the line's end), so neither a header's claim nor a file
  /// of blank lines can make it reserve more than a few times its size.
  func recordBound(values: Int, linesPerRecord: Int) -> Int {
    let bytesLeft = bytes.count - start
    return min(remainingCount / linesPerRecord, (bytesLeft + 1) / (2 * values) + 1)
  }

  /// How many lines are still to come.
  private var remainingCount: Int {
    guard start < bytes.count else { return 0 }
    var (count, position) = (1, start)
    while let found = newline(in: bytes, from: position, to: bytes.count) {
      position = found + 1
      if position < bytes.count { count += 1 } else { break }
    }
    return count
  }

  mutating func next() -> ByteLine? {
    guard start < bytes.count else { return nil }
    let end = newline(in: bytes, from: start, to: bytes.count) ?? bytes.count
    number += 1
    defer { start = end + 1 }
    return ByteLine(bytes, from: start, to: end, number: number, path: path)
  }
}
