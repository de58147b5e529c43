/// SplitMix64 (Steele, Lea & Flood, 2014): a tiny, seeded generator for
/// test inputs, so failures reproduce. Shared by the test targets and by the
/// Embedded predictor's reference program (`Tools/check-embedded-predictor`
/// compiles this file into it).
public struct SplitMix64: RandomNumberGenerator {
  public var state: UInt64

  public init(state: UInt64) { self.state = state }

  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// Uniform in [0, 1), a multiple of 2⁻⁵³.
  public mutating func unit() -> Double { Double(next() >> 11) * 0x1p-53 }

  /// Uniform in [a, b].
  public mutating func uniform(_ a: Double, _ b: Double) -> Double { a + (b - a) * unit() }

  /// Log-uniform magnitude: a random binade 2^e, e in `exponents`, with a
  /// random significand; random sign when `signed`.
  public mutating func logUniform(_ exponents: ClosedRange<Int>, signed: Bool = false) -> Double {
    let e = exponents.lowerBound + Int(next() % UInt64(exponents.count))
    let magnitude = Double(sign: .plus, exponent: e, significand: 1 + unit())
    return signed && next() & 1 == 1 ? -magnitude : magnitude
  }

  /// Any double whose bit pattern is uniform among positive finite values.
  public mutating func positiveBits() -> Double {
    let x = Double(bitPattern: next() >> 1)
    return x.isFinite ? x : 1
  }
}
