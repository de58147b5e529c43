/// A line of the line protocol: `n` numbers separated by commas, as
/// `simdnet predict`, `simdnetd` and the Embedded predictor read their
/// requests, by one rule:
///
/// - fields are separated by `,`; spaces and tabs around a field are
///   ignored; each field is a number as ``NumberField`` reads it (NaN and
///   the infinities are refused);
/// - the line holds at most ``maximumBytesPerNumber`` bytes per number
///   (``maximumLength(numbers:)``), not counting its `\n`; a `\r` before
///   the `\n` is not part of it (the reader drops it).
///
/// Parsing allocates nothing, so a daemon can call it per request.
public enum NumberLine {
  /// Room per number in a line: a number, its separator and spaces.
  public static let maximumBytesPerNumber = NumberField.maximumLength + 1

  /// The longest line, without its newline, that carries `numbers` numbers.
  public static func maximumLength(numbers: Int) -> Int { numbers * maximumBytesPerNumber }

  /// Why a line is not `n` numbers.
  public enum Problem: Error, Equatable, Sendable {
    /// Nothing but spaces and tabs.
    case empty
    /// `found` fields where `expected` were wanted.
    case count(found: Int, expected: Int)
    /// Field `field` (counting from 1), which is `range` of the line
    /// without the blanks around it (the problem's own offset counts from
    /// the range's start).
    case number(field: Int, range: Range<Int>, NumberField.Problem)
  }

  /// How many comma-separated fields `line` has.
  public static func fieldCount(_ line: UnsafeBufferPointer<UInt8>) -> Int {
    var count = 1
    for byte in line where byte == UInt8(ascii: ",") { count += 1 }
    return count
  }

  /// The field starting at `start` without the spaces and tabs around it,
  /// and where the next one starts.
  public static func field(
    _ line: UnsafeBufferPointer<UInt8>, at start: Int
  ) -> (field: Range<Int>, next: Int) {
    var end = start
    while end < line.count, line[end] != UInt8(ascii: ",") { end += 1 }
    var (low, high) = (start, end)
    while low < high, isBlank(line[low]) { low += 1 }
    while low < high, isBlank(line[high - 1]) { high -= 1 }
    return (low..<high, end + 1)
  }

  /// Reads the `values.count` numbers of `line` into `values`, or returns
  /// the first problem (the count is checked first, so a short line is
  /// reported as short rather than by a field).
  public static func parse(
    _ line: UnsafeBufferPointer<UInt8>, into values: UnsafeMutableBufferPointer<Double>
  ) -> Problem? {
    let found = fieldCount(line)
    if found == 1 && isBlankLine(line) { return .empty }
    guard found == values.count else { return .count(found: found, expected: values.count) }
    var start = 0
    for k in 0..<values.count {
      let (range, next) = field(line, at: start)
      switch NumberField.parse(UnsafeBufferPointer(rebasing: line[range])) {
      case .success(let value): values[k] = value
      case .failure(let problem): return .number(field: k + 1, range: range, problem)
      }
      start = next
    }
    return nil
  }

  /// A space or a tab: what may surround a field.
  @inline(__always)
  public static func isBlank(_ byte: UInt8) -> Bool {
    byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t")
  }

  /// Whether `line` holds nothing but spaces and tabs.
  public static func isBlankLine(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
    for byte in line where !isBlank(byte) { return false }
    return true
  }
}
