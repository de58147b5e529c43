// The kernel's own `exp` and exact `sigmoid` (Sources/SIMDNet/
// SIMD4+ElementaryFunctions.swift) held against GNU GSL's `gsl_sf_exp`.
//
// `gsl_sf_exp(x)` is the C library's `exp(x)` for
// GSL_LOG_DBL_MIN ≤ x ≤ GSL_LOG_DBL_MAX (−708.396… to 709.783…); above that
// it reports an overflow and returns +∞, below it an underflow and returns 0
// (it never returns a subnormal). With GSL's error handler switched off, both
// are returned as values, which is exactly what the formula
// σ(z) = 1/(1 + e^(−z)) needs: 1/(1 + ∞) = 0 and 1/(1 + 0) = 1, the
// definitions the kernel documents for those ranges.
//
// Errors are counted in whole ulps: the number of representable doubles
// between the kernel's result and the reference (0 when they are the same
// bits, both NaN, or ±0).

@preconcurrency import CGSL
import SIMDNet
import SIMDNetTestSupport
import Testing

// MARK: - Helpers

/// GSL's error handler aborts by default; `gsl_sf_exp` reports overflow and
/// underflow through it. Switching it off is idempotent and process-wide, so
/// every test that may reach a range error calls this first.
private func gslErrorsAsValues() {
  _ = gsl_set_error_handler_off()
}

/// The reference sigmoid, `1/(1 + gsl_sf_exp(−z))`: the kernel's formula with
/// GSL's exponential in place of the kernel's.
private func gslSigmoid(_ z: Double) -> Double {
  1 / (1 + gsl_sf_exp(-z))
}

/// `e^x` from GSL also where the result is subnormal: there `gsl_sf_exp`
/// underflows to 0, so the reference is `gsl_sf_exp(x/2)²` (`x/2` is exact;
/// the square of a normal number rounds once into the subnormal range).
private func gslExpWithSubnormals(_ x: Double) -> Double {
  if x >= GSL_LOG_DBL_MIN || x.isNaN { return gsl_sf_exp(x) }
  let half = gsl_sf_exp(x / 2)
  return half * half
}

/// Whether two doubles are the same value in the sense of these tests: the
/// same bits, or both NaN.
private func same(_ a: Double, _ b: Double) -> Bool {
  a.bitPattern == b.bitPattern || (a.isNaN && b.isNaN)
}

/// The worst whole-ulp distance seen, where, and how many points agreed to
/// the bit.
private struct UlpTally: CustomStringConvertible {
  var worst: UInt64 = 0
  var at = Double.nan
  var kernel = Double.nan
  var reference = Double.nan
  var points = 0
  var identical = 0

  mutating func record(_ z: Double, kernel y: Double, reference r: Double) {
    let d = ulpDistance(y, r)
    points += 1
    if d == 0 { identical += 1 }
    if d > worst || at.isNaN {
      (worst, at, kernel, reference) = (d, z, y, r)
    }
  }

  mutating func merge(_ other: UlpTally) {
    if other.worst > worst || at.isNaN {
      (worst, at, kernel, reference) = (other.worst, other.at, other.kernel, other.reference)
    }
    points += other.points
    identical += other.identical
  }

  var description: String {
    let percent = points == 0 ? 0 : 100 * Double(identical) / Double(points)
    return "worst \(worst) ulp at z = \(at) (kernel \(kernel), GSL \(reference)); "
      + "\(points) points, \(identical) bit-identical (\(percent) %)"
  }
}

/// The kernel's `f` against the scalar `reference`, lane by lane, on every
/// vector `visit` gives.
private func compare(
  _ f: @escaping (SIMD4<Double>) -> SIMD4<Double>, with reference: @escaping (Double) -> Double,
  on visit: ((SIMD4<Double>) -> Void) -> Void
) -> UlpTally {
  var tally = UlpTally()
  visit { x in
    let y = f(x)
    for lane in 0..<4 { tally.record(x[lane], kernel: y[lane], reference: reference(x[lane])) }
  }
  return tally
}

/// Calls `body` with the points `a + (b − a)·k/(count − 1)`, k = 0..<count,
/// four to a vector (the last vector repeats the last point), so that the
/// sweep itself allocates nothing.
private func forEachVector(
  from a: Double, to b: Double, count: Int, _ body: (SIMD4<Double>) -> Void
) {
  let step = (b - a) / Double(count - 1)
  func point(_ k: Int) -> Double { k >= count - 1 ? b : a + Double(k) * step }
  var k = 0
  while k < count {
    body(SIMD4(point(k), point(k + 1), point(k + 2), point(k + 3)))
    k += 4
  }
}

/// Calls `body` with `±m·2^e` for every binade `e` in `exponents` and a few
/// significands `m` in [1, 2), both signs: magnitudes from subnormal to large.
private func forEachBinade(
  _ exponents: ClosedRange<Int>, _ body: (SIMD4<Double>) -> Void
) {
  for e in exponents {
    for m in [1.0, 1.25, 1.6180339887498949, 1.9999999999999998] {
      let x = Double(sign: .plus, exponent: e, significand: m)
      body(SIMD4(x, -x, x.nextUp, -x.nextDown))
    }
  }
}

/// Inputs the doc comments single out: NaN, ±∞, ±0, subnormals,
/// ±greatestFiniteMagnitude, and the edges of the ranges.
private let specialValues: [Double] = [
  .nan, -.nan, .signalingNaN, Double(nan: 0x5A5A, signaling: false),
  .infinity, -.infinity, 0, -0.0,
  .leastNonzeroMagnitude, -.leastNonzeroMagnitude,
  .leastNormalMagnitude / 2, -.leastNormalMagnitude / 2,
  .leastNormalMagnitude, -.leastNormalMagnitude,
  .greatestFiniteMagnitude, -.greatestFiniteMagnitude,
  GSL_LOG_DBL_MAX, GSL_LOG_DBL_MAX.nextUp, -GSL_LOG_DBL_MAX, (-GSL_LOG_DBL_MAX).nextDown,
  GSL_LOG_DBL_MIN, GSL_LOG_DBL_MIN.nextDown, -GSL_LOG_DBL_MIN, (-GSL_LOG_DBL_MIN).nextUp,
  -745.1332191019412, -745.1332191019411, 709.782712893384, 709.7827128933841,
  710, -710, 745, -745, 746, -746, 1e6, -1e6, 1e300, -1e300,
]

// MARK: - Tests

@Suite("GSL reference: exp and the exact sigmoid")
struct ExponentialReferenceTests {

  /// σ = 1/(1 + e^(−z)) with the kernel's `exp` against the same formula with
  /// `gsl_sf_exp`. Where the two exponentials are the same bits the sigmoids
  /// are too; where they differ by an ulp the three roundings of the formula
  /// keep the sigmoids within an ulp or two.
  static let sigmoidBoundUlps: UInt64 = 2

  @Test("sigmoid matches 1/(1 + gsl_sf_exp(−z)) within 2 ulp over [−745, 710]")
  func sigmoidSweep() {
    gslErrorsAsValues()
    var total = UlpTally()
    func sweep(_ name: String, _ visit: ((SIMD4<Double>) -> Void) -> Void) {
      let tally = compare(SIMD4.sigmoid, with: gslSigmoid, on: visit)
      print("sigmoid vs GSL, \(name): \(tally)")
      total.merge(tally)
    }
    // 1,200,007 points (a prime, so the step is no round number) over the
    // whole range, then denser sweeps near 0 and at both ends, then every
    // binade from the least subnormal to 2^9 with both signs.
    sweep("[−745, 710]") { forEachVector(from: -745, to: 710, count: 1_200_007, $0) }
    sweep("[−1/2, 1/2]") { forEachVector(from: -0.5, to: 0.5, count: 262_147, $0) }
    sweep("[−745, −700]") { forEachVector(from: -745, to: -700, count: 262_147, $0) }
    sweep("[700, 710]") { forEachVector(from: 700, to: 710, count: 131_075, $0) }
    sweep("±2^(−1074…9)") { forEachBinade(-1074...9, $0) }
    print("sigmoid vs GSL, all sweeps: \(total)")
    #expect(total.points >= 1_800_000)
    #expect(total.worst <= Self.sigmoidBoundUlps, "\(total)")
  }

  @Test("sigmoid at NaN, ±∞, ±0, subnormals, ±greatestFiniteMagnitude")
  func sigmoidSpecialValues() {
    gslErrorsAsValues()
    for z in specialValues {
      let y = SIMD4<Double>.sigmoid(SIMD4(repeating: z))[0]
      let reference = gslSigmoid(z)
      #expect(
        ulpDistance(y, reference) <= Self.sigmoidBoundUlps,
        "σ(\(z)): kernel \(y), GSL \(reference)")
      // Never NaN for a non-NaN input, always in [0, 1].
      if !z.isNaN {
        #expect(y >= 0 && y <= 1, "σ(\(z)) = \(y)")
      }
    }
    // The values the doc states, all from GSL's side of the formula.
    #expect(gslSigmoid(.nan).isNaN && SIMD4<Double>.sigmoid(SIMD4(repeating: .nan))[0].isNaN)
    for (z, expected) in [
      (Double.infinity, 1.0), (-.infinity, 0), (0, 0.5), (-0.0, 0.5),
      (.leastNonzeroMagnitude, 0.5), (-.leastNonzeroMagnitude, 0.5),
      (.greatestFiniteMagnitude, 1), (-.greatestFiniteMagnitude, 0),
      (-710, 0), (-745, 0),
    ] {
      #expect(gslSigmoid(z) == expected, "GSL σ(\(z))")
      #expect(SIMD4<Double>.sigmoid(SIMD4(repeating: z))[0] == expected, "kernel σ(\(z))")
    }
  }

  /// The kernel's `exp` is within 0.62 ulp of the true value (its doc) and
  /// glibc's, which `gsl_sf_exp` returns, within about 0.52: so the two are
  /// at most one representable double apart.
  @Test("exp matches gsl_sf_exp within 1 ulp over [GSL_LOG_DBL_MIN, GSL_LOG_DBL_MAX]")
  func expSweep() {
    gslErrorsAsValues()
    var total = UlpTally()
    func sweep(_ name: String, _ visit: ((SIMD4<Double>) -> Void) -> Void) {
      let tally = compare(SIMD4.exp, with: { gsl_sf_exp($0) }, on: visit)
      print("exp vs gsl_sf_exp, \(name): \(tally)")
      total.merge(tally)
    }
    sweep("[GSL_LOG_DBL_MIN, GSL_LOG_DBL_MAX]") {
      forEachVector(from: GSL_LOG_DBL_MIN, to: GSL_LOG_DBL_MAX, count: 1_000_003, $0)
    }
    sweep("[−1, 1]") { forEachVector(from: -1, to: 1, count: 262_147, $0) }
    sweep("[700, GSL_LOG_DBL_MAX]") {
      forEachVector(from: 700, to: GSL_LOG_DBL_MAX, count: 65_537, $0)
    }
    sweep("±2^(−1074…9)") { forEachBinade(-1074...9, $0) }
    print("exp vs gsl_sf_exp, normal results: \(total)")
    #expect(total.worst <= 1, "\(total)")
  }

  /// Below GSL_LOG_DBL_MIN, `gsl_sf_exp` underflows to 0 while the kernel
  /// returns subnormals down to −745.13; the reference there is
  /// `gsl_sf_exp(x/2)²`, itself within about 1.1 ulp.
  @Test("exp gives GSL's subnormal results within 1 ulp on [−746, GSL_LOG_DBL_MIN)")
  func expSubnormalResults() {
    gslErrorsAsValues()
    let tally = compare(SIMD4.exp, with: gslExpWithSubnormals) {
      forEachVector(from: -746, to: GSL_LOG_DBL_MIN.nextDown, count: 262_147, $0)
    }
    print("exp vs gsl_sf_exp(x/2)², subnormal results: \(tally)")
    #expect(tally.worst <= 1, "\(tally)")
  }

  @Test("exp at NaN, ±∞, ±0, subnormals, ±greatestFiniteMagnitude and the overflow edge")
  func expSpecialValues() {
    gslErrorsAsValues()
    for x in specialValues {
      let y = SIMD4<Double>.exp(SIMD4(repeating: x))[0]
      let reference = gslExpWithSubnormals(x)
      #expect(ulpDistance(y, reference) <= 1, "exp(\(x)): kernel \(y), GSL \(reference)")
    }
    for (x, expected) in [
      (Double.infinity, Double.infinity), (-.infinity, 0), (0, 1), (-0.0, 1),
      (.leastNonzeroMagnitude, 1), (-.leastNonzeroMagnitude, 1),
      (.greatestFiniteMagnitude, .infinity), (-.greatestFiniteMagnitude, 0),
      // GSL's overflow threshold is where IEEE exp overflows, to the bit.
      (GSL_LOG_DBL_MAX.nextUp, .infinity),
    ] {
      #expect(gsl_sf_exp(x) == expected, "gsl_sf_exp(\(x))")
      #expect(SIMD4<Double>.exp(SIMD4(repeating: x))[0] == expected, "kernel exp(\(x))")
    }
    #expect(gsl_sf_exp(GSL_LOG_DBL_MAX).isFinite)
    #expect(SIMD4<Double>.exp(SIMD4(repeating: GSL_LOG_DBL_MAX))[0].isFinite)
    #expect(gsl_sf_exp(.nan).isNaN && SIMD4<Double>.exp(SIMD4(repeating: .nan))[0].isNaN)
  }

  /// A lane's result depends on that lane alone, for both functions, including
  /// NaN, infinite and overflowing neighbours.
  @Test("lanes are independent")
  func lanesIndependent() {
    gslErrorsAsValues()
    let values = specialValues + [0.3, -7.25, 36.5, -36.5, -708.5, 709.5]
    let aloneExp = values.map { SIMD4<Double>.exp(SIMD4(repeating: $0))[0] }
    let aloneSigmoid = values.map { SIMD4<Double>.sigmoid(SIMD4(repeating: $0))[0] }
    var mismatches = 0
    for a in values.indices {
      for b in values.indices {
        let (c, d) = ((a + b) % values.count, (a * 7 + b * 3 + 1) % values.count)
        let z = SIMD4(values[a], values[b], values[c], values[d])
        let e = SIMD4<Double>.exp(z)
        let s = SIMD4<Double>.sigmoid(z)
        for (lane, index) in [a, b, c, d].enumerated()
        where !same(e[lane], aloneExp[index]) || !same(s[lane], aloneSigmoid[index]) {
          mismatches += 1
        }
      }
    }
    #expect(mismatches == 0)
  }
}
