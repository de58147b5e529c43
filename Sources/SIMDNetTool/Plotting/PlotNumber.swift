/// How plots write numbers: fixed rules, no locale, no `printf`, so that the
/// same report always gives the same bytes on every machine.
///
/// Coordinates keep two decimals — a hundredth of a pixel is far below what
/// any renderer shows, and dropping the other fifteen digits keeps the SVG
/// small. Labels keep as many decimals as their tick step needs.
public enum PlotNumber {
  /// `value` rounded (half away from zero) to `decimals` places and written
  /// without an exponent, keeping trailing zeros: `fixed(0.5, decimals: 2)`
  /// is `"0.50"`. A value that rounds to zero has no minus sign.
  ///
  /// Values too large to write this way (above about 10¹⁵ once scaled),
  /// or asked for more than 15 decimals, fall back to `significant`.
  public static func fixed(_ value: Double, decimals: Int) -> String {
    precondition(decimals >= 0, "negative decimals")
    guard value.isFinite else { return value.isNaN ? "NaN" : value < 0 ? "-inf" : "inf" }
    guard decimals <= 15 else { return significant(value, digits: 15) }
    let scaled = (value * powerOfTen(decimals)).rounded(.toNearestOrAwayFromZero)
    guard scaled.magnitude < 1e15 else { return significant(value, digits: 15) }
    var digits = String(UInt64(scaled.magnitude))
    if decimals > 0 {
      if digits.count <= decimals {
        digits = String(repeating: "0", count: decimals + 1 - digits.count) + digits
      }
      digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -decimals))
    }
    return (scaled < 0 ? "-" : "") + digits
  }

  /// A coordinate: two decimals at most, trailing zeros and a trailing
  /// point dropped (`12.5`, `3`, `-0.25`).
  public static func coordinate(_ value: Double) -> String {
    trimmed(fixed(value, decimals: 2))
  }

  /// `value` to `digits` significant digits, trailing zeros dropped, in
  /// plain notation from 10⁻⁴ up to 10⁶ and as `1.5e-6` beyond: the form a
  /// reader expects for an annotated cost.
  public static func significant(_ value: Double, digits: Int = 3) -> String {
    precondition(digits >= 1 && digits <= 17, "digits out of range")
    guard value.isFinite else { return fixed(value, decimals: 0) }
    if value == 0 { return "0" }
    var exponent = decade(of: value.magnitude)
    // Rounding can carry into the next decade (9.996 → 10.0).
    let leading = value.magnitude / powerOfTen(exponent)
    let rounded = (leading * powerOfTen(digits - 1)).rounded(.toNearestOrAwayFromZero)
    if rounded >= powerOfTen(digits) { exponent += 1 }
    if exponent >= -4 && exponent < 6 {
      return trimmed(fixed(value, decimals: max(0, digits - 1 - exponent)))
    }
    let mantissa = value / powerOfTen(exponent)
    return trimmed(fixed(mantissa, decimals: digits - 1)) + "e" + String(exponent)
  }

  /// `10` to the power `exponent`, written with superscript digits (`10⁻³`):
  /// a log axis's tick label, readable without markup.
  public static func powerOfTenLabel(_ exponent: Int) -> String {
    let superscripts: [Character: Character] = [
      "-": "⁻", "0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴", "5": "⁵", "6": "⁶", "7": "⁷",
      "8": "⁸", "9": "⁹",
    ]
    return "10" + String(String(exponent).map { superscripts[$0]! })
  }

  /// The `n` with `10ⁿ ≤ value < 10ⁿ⁺¹`, for positive finite `value`,
  /// exact at powers of ten (where `log10` may land a hair below).
  public static func decade(of value: Double) -> Int {
    precondition(value > 0 && value.isFinite, "a decade of a non-positive value")
    // log₁₀ 2 ≈ 0.30103 from the binary exponent gives a guess within one.
    var n = Int((Double(value.exponent) * 0.301_03).rounded(.down))
    while n > -324 && powerOfTen(n) > value { n -= 1 }
    while n < 308 && powerOfTen(n + 1) <= value { n += 1 }
    return n
  }

  /// `10ⁿ` as the nearest double: multiplication by ten is exact up to
  /// 10²², and negative powers divide, which rounds once, instead of
  /// multiplying by an inexact `0.1`.
  public static func powerOfTen(_ n: Int) -> Double {
    if n < 0 {
      if n < -300 { return powerOfTen(n + 300) / powerOfTen(300) }
      return 1 / powerOfTen(-n)
    }
    var result = 1.0
    for _ in 0..<min(n, 400) { result *= 10 }
    return result
  }

  /// `value × 10ⁿ`, dividing for negative `n` so that a small round number
  /// such as `5 × 10⁻⁶` is the double nearest `5e-6`, as a literal would be,
  /// rather than `5 × 0.000001` with its rounding error.
  public static func scaled(_ value: Double, byPowerOfTen n: Int) -> Double {
    n < 0 && n >= -300 ? value / powerOfTen(-n) : value * powerOfTen(n)
  }

  /// Drops trailing zeros after a decimal point, and the point if nothing
  /// follows it.
  static func trimmed(_ text: String) -> String {
    guard text.contains(".") else { return text }
    var result = Substring(text)
    while result.last == "0" { result = result.dropLast() }
    if result.last == "." { result = result.dropLast() }
    return result == "-0" ? "0" : String(result)
  }
}
