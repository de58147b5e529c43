extension NumberField {
  /// The longest text `write` makes: `%.17g` of any double is at most 24
  /// bytes (`-2.2250738585072014e-308`).
  public static let maximumTextLength = 24

  /// Writes `value` with C's `%.17g` into `text` (which holds at least
  /// `maximumTextLength + 1` bytes: a NUL follows) and returns its length.
  ///
  /// Seventeen significant digits read back (with `parse`, `strtod` or
  /// Swift's `Double(_:)`) to exactly the bits written, for every double;
  /// NaN is written `nan` or `-nan`, and the infinities `inf` and `-inf`.
  public static func write(_ value: Double, into text: UnsafeMutablePointer<UInt8>) -> Int {
    let format: StaticString = "%.17g"
    return Int(cStrfromd(text, maximumTextLength + 1, format.utf8Start, value))
  }
}
