/// The one reader of numbers: dataset files (CSV, FANN), `simdnet
/// predict`'s input, `simdnetd`'s requests and the Embedded predictor's all
/// accept and refuse exactly the same text, as the same double.
///
/// A number is what Swift's `Double(_:)` reads — decimal with an optional
/// exponent (`-1.5e-3`, `.5`, `2.`) or hexadecimal (`0x1.8p1`) — and
/// nothing else: any byte after it, a NUL included, makes the field not a
/// number (`Double(_:)` alone stops at a NUL, because it reads a C string).
/// NaN, the infinities and decimals beyond a Double's range are read but
/// refused, with their own messages: a network cannot learn from them.
///
/// It works on bytes and allocates nothing — a per-field `String` or
/// `Substring` would cost more than the number, and a daemon reads numbers
/// on every request — and it builds as Embedded Swift. C's `strtod` (in the
/// C locale, which none of SIMDNet's programs leaves) reads the numbers the
/// fast path cannot.
public enum NumberField {
  /// The longest field read, in bytes: the slow path copies a field to the
  /// stack to end it with a NUL for `strtod`, and a longer one would not fit.
  public static let maximumLength = 1023

  /// Why a field is not a usable number.
  public enum Problem: Error, Equatable, Sendable {
    case empty
    /// The grammar fails at this offset into the field: the first byte
    /// that is not part of a number.
    case notANumber(at: Int)
    case nan
    case infinite
    case outOfRange
    /// Longer than `maximumLength` bytes.
    case tooLong
  }

  /// Whether `field` is written as a number — NaN, an infinity or a value
  /// out of range included — for telling a CSV header row from data.
  public static func looksNumeric(_ field: UnsafeBufferPointer<UInt8>) -> Bool {
    switch parse(field) {
    case .success, .failure(.nan), .failure(.infinite), .failure(.outOfRange): true
    case .failure(.empty), .failure(.notANumber), .failure(.tooLong): false
    }
  }

  /// The value of `field`, or why it has none.
  public static func parse(_ field: UnsafeBufferPointer<UInt8>) -> Result<Double, Problem> {
    let end = field.count
    guard end > 0 else { return .failure(.empty) }
    guard end <= maximumLength else { return .failure(.tooLong) }
    var i = 0
    let negative = field[0] == UInt8(ascii: "-")
    if negative || field[0] == UInt8(ascii: "+") { i = 1 }
    guard i < end else { return .failure(.notANumber(at: i)) }
    let first = field[i] | 0x20
    if first == UInt8(ascii: "i") || first == UInt8(ascii: "n") || first == UInt8(ascii: "s") {
      return word(field, from: i)
    }
    if field[i] == UInt8(ascii: "0"), i + 1 < end, field[i + 1] | 0x20 == UInt8(ascii: "x") {
      return hexadecimal(field, from: i + 2)
    }
    return decimal(field, from: i, negative: negative)
  }

  /// `inf`, `infinity`, `nan`, `nan(…)` and `snan`, in any case, as
  /// `Double(_:)` spells them; anything else fails at its first wrong byte.
  private static func word(
    _ field: UnsafeBufferPointer<UInt8>, from start: Int
  ) -> Result<Double, Problem> {
    let lowered = { (i: Int) in field[i] | 0x20 }
    func matched(_ word: StaticString) -> Int {
      var n = 0
      while start + n < field.count, n < word.utf8CodeUnitCount,
        lowered(start + n) == word.utf8Start[n]
      {
        n += 1
      }
      return n
    }
    let end = field.count
    // Each word spelled out rather than in an array literal, which would
    // allocate.
    if start + matched("infinity") == end && end - start == 8
      || start + matched("inf") == end && end - start == 3
    {
      return .failure(.infinite)
    }
    for signalling in 0..<2 {
      let word: StaticString = signalling == 1 ? "snan" : "nan"
      let n = matched(word)
      guard n == word.utf8CodeUnitCount else { continue }
      if start + n == end { return .failure(.nan) }
      // `nan(payload)`: letters, digits and underscores in parentheses.
      if field[start + n] == UInt8(ascii: "("), field[end - 1] == UInt8(ascii: ")") {
        let payload = (start + n + 1)..<(end - 1)
        if let bad = payload.first(where: { !isPayloadByte(field[$0]) }) {
          return .failure(.notANumber(at: bad))
        }
        return .failure(.nan)
      }
      return .failure(.notANumber(at: start + n))
    }
    let longest = max(matched("infinity"), max(matched("nan"), matched("snan")))
    return .failure(.notANumber(at: start + longest))
  }

  private static func isPayloadByte(_ byte: UInt8) -> Bool {
    isDigit(byte) || (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "z"))
      || byte == UInt8(ascii: "_")
  }

  /// `0x` (already read), hex digits with an optional point, an optional
  /// binary exponent `p±d…`. Rare in data, so `strtod` computes it.
  private static func hexadecimal(
    _ field: UnsafeBufferPointer<UInt8>, from start: Int
  ) -> Result<Double, Problem> {
    var i = start
    var digits = 0
    while i < field.count, isHexDigit(field[i]) { (i, digits) = (i + 1, digits + 1) }
    if i < field.count, field[i] == UInt8(ascii: ".") {
      i += 1
      while i < field.count, isHexDigit(field[i]) { (i, digits) = (i + 1, digits + 1) }
    }
    guard digits > 0 else { return .failure(.notANumber(at: i)) }
    if i < field.count, field[i] | 0x20 == UInt8(ascii: "p") {
      guard let after = exponentEnd(field, from: i + 1) else { return .failure(.notANumber(at: i)) }
      i = after
    }
    guard i == field.count else { return .failure(.notANumber(at: i)) }
    return viaStrtod(field)
  }

  /// Decimal digits with an optional point and an optional exponent.
  ///
  /// Exact without `strtod` when at most 19 significant digits make a
  /// mantissa below 2⁵³ and the power of ten is within 10^±22, both exact
  /// doubles (Clinger's fast path): one correctly rounded multiplication
  /// or division. The rest — long or extreme numbers — go to `strtod`,
  /// correctly rounded as well.
  private static func decimal(
    _ field: UnsafeBufferPointer<UInt8>, from start: Int, negative: Bool
  ) -> Result<Double, Problem> {
    var i = start
    var mantissa: UInt64 = 0
    var significant = 0
    var digits = 0
    var scale = 0
    while i < field.count, isDigit(field[i]) {
      accumulate(field[i], &mantissa, &significant)
      (i, digits) = (i + 1, digits + 1)
    }
    if i < field.count, field[i] == UInt8(ascii: ".") {
      i += 1
      while i < field.count, isDigit(field[i]) {
        accumulate(field[i], &mantissa, &significant)
        (i, digits, scale) = (i + 1, digits + 1, scale - 1)
      }
    }
    guard digits > 0 else { return .failure(.notANumber(at: i)) }
    var exponent = 0
    if i < field.count, field[i] | 0x20 == UInt8(ascii: "e") {
      guard let after = exponentEnd(field, from: i + 1) else { return .failure(.notANumber(at: i)) }
      exponent = smallExponent(field, i + 1..<after)
      i = after
    }
    guard i == field.count else { return .failure(.notANumber(at: i)) }
    if mantissa == 0 { return .success(negative ? -0.0 : 0.0) }
    let power = scale + exponent
    if significant <= 19, mantissa <= 1 << 53, (-22...22).contains(power) {
      let value =
        power < 0
        ? Double(mantissa) / powersOfTen[-power] : Double(mantissa) * powersOfTen[power]
      return .success(negative ? -value : value)
    }
    return viaStrtod(field)
  }

  /// Adds a digit to the mantissa; leading zeros are not significant, and
  /// past 19 significant digits the mantissa is no longer exact, which
  /// `significant` records.
  @inline(__always)
  private static func accumulate(_ byte: UInt8, _ mantissa: inout UInt64, _ significant: inout Int)
  {
    if mantissa == 0 && byte == UInt8(ascii: "0") { return }
    significant += 1
    if significant <= 19 { mantissa = mantissa &* 10 &+ UInt64(byte &- UInt8(ascii: "0")) }
  }

  /// The end of an exponent's `±digits` starting at `start`, or nil if
  /// there is no digit.
  private static func exponentEnd(_ field: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
    var i = start
    if i < field.count, field[i] == UInt8(ascii: "+") || field[i] == UInt8(ascii: "-") { i += 1 }
    let digitsStart = i
    while i < field.count, isDigit(field[i]) { i += 1 }
    return i > digitsStart ? i : nil
  }

  /// The exponent's value, clamped far beyond any double's so that a long
  /// one cannot overflow; only the fast path's test reads it.
  private static func smallExponent(_ field: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int
  {
    var value = 0
    for i in range where isDigit(field[i]) { value = min(value * 10 + Int(field[i] - 48), 100_000) }
    return field[range.lowerBound] == UInt8(ascii: "-") ? -value : value
  }

  /// A field the grammar accepted, read by `strtod` from a NUL-terminated
  /// copy on the stack (`maximumLength` bounds it): correctly rounded, and
  /// out of range when it comes back infinite.
  private static func viaStrtod(_ field: UnsafeBufferPointer<UInt8>) -> Result<Double, Problem> {
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: maximumLength + 1) { text in
      for i in 0..<field.count { text[i] = field[i] }
      text[field.count] = 0
      var stop: UnsafeMutablePointer<UInt8>? = nil
      let value = cStrtod(text.baseAddress!, &stop)
      guard stop == text.baseAddress! + field.count else { return .failure(.notANumber(at: 0)) }
      return value.isFinite ? .success(value) : .failure(.outOfRange)
    }
  }

  private static let powersOfTen: [Double] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
  ]

  @inline(__always)
  public static func isDigit(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "0") < 10 }

  private static func isHexDigit(_ byte: UInt8) -> Bool {
    isDigit(byte) || (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "f"))
  }
}
