/// Where text is written a byte at a time: a daemon's reply buffer, the
/// Embedded predictor's output, a tool's byte array. What the line
/// protocol writes — numbers, error sentences — it writes into one, so that
/// every program words them alike without a `String`, which the Embedded
/// predictor has no room for and a daemon would allocate per request.
public protocol ByteSink {
  mutating func append(_ byte: UInt8)
}

/// A byte array is a sink where allocating is fine: a tool's message, a
/// test's expected sentence, an example's reply line.
extension Array: ByteSink where Element == UInt8 {}

extension ByteSink {
  /// The text's UTF-8 bytes.
  @inlinable
  public mutating func append(_ text: StaticString) {
    text.withUTF8Buffer { bytes in
      for byte in bytes { append(byte) }
    }
  }

  /// `value` in decimal, without leading zeros. Labelled, so that an
  /// integer literal (`append(10)`) stays a byte, not the digits "10".
  @inlinable
  public mutating func append(decimal value: UInt64) {
    // The largest power of ten not above `value`, then one digit per power.
    var power: UInt64 = 1
    while power <= value / 10 { power *= 10 }
    var rest = value
    while true {
      append(UInt8(ascii: "0") + UInt8(rest / power))
      rest %= power
      if power == 1 { return }
      power /= 10
    }
  }

  /// `value` in decimal; negative values with a `-`.
  @inlinable
  public mutating func append(decimal value: Int) {
    if value < 0 { append(UInt8(ascii: "-")) }
    append(decimal: UInt64(value.magnitude))
  }
}
