import SIMDNetLines

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// `simdnet predict`'s input: one example a line, its inputs
/// comma-separated, read from a file descriptor in bounded memory.
///
/// Each line is parsed in place in one buffer by the line protocol's one
/// reader (`NumberLine`, as `simdnetd` and the Embedded predictor read their
/// requests), so stdin accepts exactly the numbers a dataset does. A line
/// may hold at most `maximumBytesPerInput` bytes per input: a longer one is
/// an error at its line, so that a line without end cannot take memory
/// without bound.
public struct PredictInput {
  /// Enough for any double written out in full, with room to spare.
  public static let maximumBytesPerInput = NumberLine.maximumBytesPerNumber
  /// Inputs per line: the network's.
  public let width: Int
  /// The longest line, in bytes before its `\n`.
  public let maximumLineLength: Int
  /// What errors call the input.
  public let name: String
  /// Whether each input is written as its IEEE 754 bit pattern (16
  /// hexadecimal digits, as `%016llx` prints a `uint64_t`) rather than as a
  /// number: every double, NaN (its payload too) and the infinities
  /// included.
  public let readsBitPatterns: Bool
  private let descriptor: Int32
  private var buffer: [UInt8]
  /// `buffer[start..<end]` is read but not yet parsed.
  private var start = 0
  private var end = 0
  /// The bytes after `start` already known to hold no `\n`.
  private var scanned = 0
  private var isAtEnd = false
  private var lineNumber = 0

  public init(
    descriptor: Int32, width: Int, name: String = "stdin", readsBitPatterns: Bool = false
  ) {
    self.descriptor = descriptor
    self.width = width
    self.name = name
    self.readsBitPatterns = readsBitPatterns
    maximumLineLength = NumberLine.maximumLength(numbers: width)
    buffer = Array(repeating: 0, count: min(1 << 16, maximumLineLength + 2))
  }

  /// Reads the next line's inputs into `inputs`, replacing what it held;
  /// false at the end of the input.
  public mutating func next(into inputs: inout [Double]) throws(ToolError) -> Bool {
    while true {
      let found = buffer.withUnsafeBufferPointer { newline(in: $0, from: start + scanned, to: end) }
      if let newline = found {
        if newline - start > maximumLineLength { throw lineTooLong() }
        try parse(start..<newline, into: &inputs)
        (start, scanned) = (newline + 1, 0)
        return true
      }
      scanned = end - start
      if scanned > maximumLineLength { throw lineTooLong() }
      if isAtEnd {
        guard start < end else { return false }
        try parse(start..<end, into: &inputs)
        (start, scanned) = (end, 0)
        return true
      }
      try fill()
    }
  }

  /// The next line is longer than `maximumLineLength`.
  private func lineTooLong() -> ToolError {
    ToolError(
      "the line is longer than \(maximumLineLength) bytes, the most for "
        + "\(ToolError.count(width, "input")) (\(Self.maximumBytesPerInput) bytes each)",
      file: name, line: lineNumber + 1, column: maximumLineLength + 1)
  }

  /// Reads more bytes after the unparsed ones, moving them to the front
  /// and growing the buffer as far as the longest line needs.
  private mutating func fill() throws(ToolError) {
    if start > 0 {
      buffer.withUnsafeMutableBufferPointer { bytes in
        _ = memmove(bytes.baseAddress!, bytes.baseAddress! + start, end - start)
      }
      (start, end) = (0, end - start)
    }
    if end == buffer.count {
      buffer.append(contentsOf: repeatElement(0, count: min(buffer.count, maximumLineLength + 2)))
    }
    while true {
      let count = buffer.withUnsafeMutableBufferPointer { bytes in
        read(descriptor, bytes.baseAddress! + end, bytes.count - end)
      }
      if count > 0 { end += count }
      if count == 0 { isAtEnd = true }
      if count >= 0 { return }
      if errno != EINTR {
        throw ToolError(
          "cannot read: \(FileReader.describeErrno(errno, reading: true))", file: name)
      }
    }
  }

  /// One line's inputs, or one error naming the line.
  private mutating func parse(_ range: Range<Int>, into inputs: inout [Double]) throws(ToolError) {
    lineNumber += 1
    try buffer.withUnsafeBufferPointer { (bytes) throws(ToolError) in
      let line = ByteLine(
        bytes, from: range.lowerBound, to: range.upperBound, number: lineNumber, path: name)
      let fields = UnsafeBufferPointer(rebasing: bytes[line.range])
      let count = NumberLine.fieldCount(fields)
      if count == 1, NumberLine.isBlankLine(fields) {
        throw line.error(
          NumberLine.Problem.empty.message(noun: "input")
            + "; expected \(width) comma-separated \(width == 1 ? "input" : "inputs")")
      }
      guard count == width else {
        throw line.error(
          NumberLine.Problem.count(found: count, expected: width).message(noun: "input"))
      }
      if inputs.count != width { inputs = Array(repeating: 0, count: width) }
      if !readsBitPatterns {
        let problem = inputs.withUnsafeMutableBufferPointer { NumberLine.parse(fields, into: $0) }
        if case .number(let position, let range, _) = problem {
          // Worded and located as a dataset's field would be.
          let offset = line.range.lowerBound
          _ = try line.number(
            (range.lowerBound + offset)..<(range.upperBound + offset), noun: "input",
            position: position, finiteRule: "a network's inputs must be finite numbers")
        }
        return
      }
      var start = 0
      for position in 1...width {
        let (range, next) = NumberLine.field(fields, at: start)
        let field =
          (range.lowerBound + line.range.lowerBound)..<(range.upperBound + line.range.lowerBound)
        guard let value = Self.bitPattern(bytes, field) else {
          throw line.error(
            "input \(position) is not a bit pattern (16 hexadecimal digits): "
              + line.quoted(field), at: field.lowerBound)
        }
        inputs[position - 1] = value
        start = next
      }
    }
  }

  /// The double whose bits are the 16 hexadecimal digits of
  /// `bytes[field]`, or nil.
  static func bitPattern(_ bytes: UnsafeBufferPointer<UInt8>, _ field: Range<Int>) -> Double? {
    guard field.count == 16 else { return nil }
    var bits: UInt64 = 0
    for i in field {
      let byte = bytes[i]
      let digit: UInt8
      switch byte {
      case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
      case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
      case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
      default: return nil
      }
      bits = bits << 4 | UInt64(digit)
    }
    return Double(bitPattern: bits)
  }

  /// `value`'s bits as 16 lowercase hexadecimal digits.
  public static func bitPatternText(_ value: Double) -> String {
    let digits = String(value.bitPattern, radix: 16)
    return String(repeating: "0", count: 16 - digits.count) + digits
  }
}
