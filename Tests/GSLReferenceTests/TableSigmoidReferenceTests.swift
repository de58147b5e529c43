// The fast table sigmoid (Sources/SIMDNet/Numerics/SIMD4+TableSigmoid.swift) and the
// derivative its backward pass uses, held against the sigmoid computed with
// GNU GSL's exponential, σ(z) = 1/(1 + gsl_sf_exp(−z)), and σ' = σ(1 − σ).
//
// The bounds are the ones `tableSigmoid`'s doc comment derives, recomputed
// here from their formulas (h = 1/128 is the knot spacing):
//   * inside [−16, 16], linear interpolation errs by at most
//     max|σ''|·h²/8 with max|σ''| = 1/(6√3), ≈ 7.3414e-7, plus below 1e-15
//     of rounding (the doc rounds the sum up to 7.35e-7);
//   * outside, the clamped value errs by less than σ(−16) ≈ 1.1254e-7;
//   * the backward pass's ŷ(1 − ŷ) is within
//     h²/8·(1/16 + h/2·max|σ''|) + e² ≈ 4.797e-7 of σ'(z), where
//     e² ≤ (7.35e-7)² is the second-order term of the doc's expansion (the
//     doc rounds the whole to 4.8e-7).
// All of these are below the 1e-6.

@preconcurrency import CGSL
import SIMDNet
import Testing

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

// MARK: - Reference and bounds

/// `1/(1 + gsl_sf_exp(−z))`; with GSL's error handler off, an overflowing
/// `gsl_sf_exp` gives +∞ and so σ = 0, an underflowing one 0 and so σ = 1.
private func gslSigmoid(_ z: Double) -> Double {
  1 / (1 + gsl_sf_exp(-z))
}

/// Knot spacing of the table.
private let h = 1.0 / 128
/// max|σ''| = 1/(6√3), at |z| = ln(2 + √3).
private let maxSecondDerivative = 1 / (6 * sqrt(3.0))
/// The documented error bounds, from their formulas.
private let insideBound = maxSecondDerivative * h * h / 8 + 1e-15
private let outsideBound = gslSigmoidOfMinus16() + 1e-15
private let derivativeBound =
  h * h / 8 * (1.0 / 16 + h / 2 * maxSecondDerivative) + 7.35e-7 * 7.35e-7 + 1e-15

private func gslSigmoidOfMinus16() -> Double {
  _ = gsl_set_error_handler_off()
  return gslSigmoid(-16)
}

// MARK: - Measuring

/// Worst absolute error seen, and where.
private struct Worst: CustomStringConvertible {
  var error = 0.0
  var at = Double.nan
  var table = Double.nan
  var reference = Double.nan

  mutating func record(_ error: Double, at z: Double, table: Double, reference: Double) {
    if error > self.error || at.isNaN {
      (self.error, self.at, self.table, self.reference) = (error, z, table, reference)
    }
  }

  mutating func merge(_ other: Worst) {
    if other.error > error || at.isNaN {
      (error, at, table, reference) = (other.error, other.at, other.table, other.reference)
    }
  }

  var description: String {
    "\(error) at z = \(at) (table \(table), GSL \(reference))"
  }
}

/// Value and derivative errors, split inside and outside [−16, 16].
private struct TableErrors: CustomStringConvertible {
  var points = 0
  var valueInside = Worst()
  var valueOutside = Worst()
  var derivativeInside = Worst()
  var derivativeOutside = Worst()
  /// Lanes where table and reference disagree on being NaN.
  var nanMismatches = 0

  /// Evaluates the table path — `Activation.tableSigmoid` forward, then its
  /// `localGradient(output:)` — on four points and records the errors.
  mutating func measure(_ z: SIMD4<Double>) {
    let y = Activation.tableSigmoid(z)
    let dy = Activation.tableSigmoid.localGradient(output: y)
    for lane in 0..<4 {
      let zl = z[lane]
      let sigma = gslSigmoid(zl)
      let sigmaPrime = sigma * (1 - sigma)
      points += 1
      if zl.isNaN || y[lane].isNaN || sigma.isNaN {
        if !(zl.isNaN && y[lane].isNaN && sigma.isNaN) { nanMismatches += 1 }
        continue
      }
      let valueError = abs(y[lane] - sigma)
      let derivativeError = abs(dy[lane] - sigmaPrime)
      if abs(zl) <= 16 {
        valueInside.record(valueError, at: zl, table: y[lane], reference: sigma)
        derivativeInside.record(
          derivativeError, at: zl, table: dy[lane], reference: sigmaPrime)
      } else {
        valueOutside.record(valueError, at: zl, table: y[lane], reference: sigma)
        derivativeOutside.record(
          derivativeError, at: zl, table: dy[lane], reference: sigmaPrime)
      }
    }
  }

  mutating func measure(_ zs: [Double]) {
    var i = 0
    while i < zs.count {
      let last = zs.count - 1
      measure(
        SIMD4(zs[i], zs[min(i + 1, last)], zs[min(i + 2, last)], zs[min(i + 3, last)]))
      i += 4
    }
  }

  var description: String {
    """
    \(points) points
      value inside [−16, 16]:       \(valueInside)
      value outside:                \(valueOutside)
      derivative inside [−16, 16]:  \(derivativeInside)
      derivative outside:           \(derivativeOutside)
    """
  }
}

/// Every knot x_k = −16 + k/128 (k = 0…4096), every midpoint between two
/// knots, and the doubles on either side of every knot. All exact.
private let knotsMidpointsAndNeighbours: [Double] = {
  var zs: [Double] = []
  zs.reserveCapacity(4097 * 3 + 4096)
  for k in 0...4096 {
    let x = -16 + Double(k) / 128
    zs += [x, x.nextDown, x.nextUp]
  }
  for k in 0..<4096 { zs.append(-16 + (Double(k) + 0.5) / 128) }
  return zs
}()

/// Far beyond the table and the special values of the issue.
private let farAndSpecialValues: [Double] = [
  .nan, -.nan, .signalingNaN, Double(nan: 0x5A5A, signaling: false),
  .infinity, -.infinity, 0, -0.0,
  .leastNonzeroMagnitude, -.leastNonzeroMagnitude,
  .leastNormalMagnitude / 2, -.leastNormalMagnitude / 2,
  .leastNormalMagnitude, -.leastNormalMagnitude, 1e-300, -1e-300,
  .greatestFiniteMagnitude, -.greatestFiniteMagnitude,
  16.0.nextUp, (-16.0).nextDown, 40, -40, 100, -100, 708.5, -708.5, 709.9, -709.9,
  745, -745, 1e6, -1e6, 1e15, -1e15, 0x1p52, -0x1p52, 1e300, -1e300,
]

/// The dense sweep: 10,000,019 evenly spaced points over [−40, 40] (a prime
/// count, so the step, ≈ 8e-6, is no fraction of the knot spacing and the
/// points fall everywhere within the intervals), plus the knots, midpoints
/// and far and special values. Computed once and shared by the tests below.
private let sweepErrors: TableErrors = {
  _ = gsl_set_error_handler_off()
  var errors = TableErrors()
  let count = 10_000_019
  let (a, b) = (-40.0, 40.0)
  let step = (b - a) / Double(count - 1)
  func point(_ k: Int) -> Double { k >= count - 1 ? b : a + Double(k) * step }
  var k = 0
  while k < count {
    errors.measure(SIMD4(point(k), point(k + 1), point(k + 2), point(k + 3)))
    k += 4
  }
  errors.measure(knotsMidpointsAndNeighbours)
  errors.measure(farAndSpecialValues)
  print("tableSigmoid vs 1/(1 + gsl_sf_exp(−z)), [−40, 40] + knots + far values: \(errors)")
  return errors
}()

private func tableValue(_ z: Double) -> Double {
  SIMD4<Double>.tableSigmoid(SIMD4(repeating: z))[0]
}

// MARK: - Tests

@Suite("GSL reference: table sigmoid")
struct TableSigmoidReferenceTests {

  @Test("bounds follow from the documented formulas and are below 1e-6")
  func boundsAreTheDocumentedOnes() {
    #expect(insideBound <= 7.35e-7)
    #expect(outsideBound <= 1.13e-7)
    #expect(derivativeBound <= 4.8e-7)
    print(
      "tableSigmoid bounds: inside \(insideBound), outside \(outsideBound), "
        + "derivative \(derivativeBound)")
  }

  @Test("value within the documented bound over 10⁷ points in [−40, 40] and far beyond")
  func valueOverSweep() {
    let errors = sweepErrors
    #expect(errors.points >= 10_000_000)
    #expect(errors.nanMismatches == 0)
    #expect(errors.valueInside.error <= insideBound, "\(errors.valueInside)")
    #expect(errors.valueOutside.error <= outsideBound, "\(errors.valueOutside)")
    #expect(max(errors.valueInside.error, errors.valueOutside.error) <= 1e-6)
    // The worst case is reached: within a hundredth of the bound, near
    // |z| = ln(2 + √3) ≈ 1.317 where |σ''| peaks.
    #expect(errors.valueInside.error >= 0.99 * (insideBound - 1e-15))
    #expect(abs(abs(errors.valueInside.at) - log(2 + sqrt(3.0))) < 0.05)
  }

  @Test("every knot is σ(x_k) to within rounding; every midpoint within the bound")
  func knotsAndMidpoints() {
    _ = gsl_set_error_handler_off()
    var worstKnot = Worst()
    var worstMidpoint = Worst()
    for k in 0...4096 {
      let x = -16 + Double(k) / 128
      let (y, sigma) = (tableValue(x), gslSigmoid(x))
      worstKnot.record(abs(y - sigma), at: x, table: y, reference: sigma)
    }
    for k in 0..<4096 {
      let x = -16 + (Double(k) + 0.5) / 128
      let (y, sigma) = (tableValue(x), gslSigmoid(x))
      worstMidpoint.record(abs(y - sigma), at: x, table: y, reference: sigma)
    }
    print("tableSigmoid at the 4097 knots: worst \(worstKnot)")
    print("tableSigmoid at the 4096 midpoints: worst \(worstMidpoint)")
    // Knots are correctly rounded; GSL's formula rounds a few times: a few
    // ulps of 1 apart at most.
    #expect(worstKnot.error <= 4 * Double.ulpOfOne, "\(worstKnot)")
    #expect(worstMidpoint.error <= insideBound, "\(worstMidpoint)")
  }

  @Test("NaN, ±∞, ±0, subnormals and ±greatestFiniteMagnitude")
  func specialValues() {
    _ = gsl_set_error_handler_off()
    // NaN in, NaN out, on both sides.
    for z in [Double.nan, -.nan, .signalingNaN, Double(nan: 0x5A5A, signaling: false)] {
      #expect(tableValue(z).isNaN && gslSigmoid(z).isNaN, "z = \(z)")
      let dy = Activation.tableSigmoid.localGradient(
        output: Activation.tableSigmoid(SIMD4(repeating: z)))
      #expect(dy[0].isNaN)
    }
    // The clamped ends: σ(±16) from the table, 1 and 0 from GSL; the gap is
    // σ(−16), the outside bound.
    for z in [Double.infinity, .greatestFiniteMagnitude, 1e300, 745, 17] {
      let (top, bottom) = (tableValue(z), tableValue(-z))
      if z > 40 {
        #expect(gslSigmoid(z) == 1 && gslSigmoid(-z) == 0, "z = \(z)")
      }
      #expect(abs(top - gslSigmoid(z)) <= outsideBound, "z = \(z): \(top)")
      #expect(abs(bottom - gslSigmoid(-z)) <= outsideBound, "z = \(-z): \(bottom)")
      #expect(top == tableValue(16) && bottom == tableValue(-16))
      #expect(top < 1 && bottom > 0)
    }
    // Zero and subnormals: exactly ½, as GSL's formula gives.
    for z in [
      0.0, -0.0, .leastNonzeroMagnitude, -.leastNonzeroMagnitude,
      .leastNormalMagnitude / 2, -.leastNormalMagnitude / 2,
    ] {
      #expect(gslSigmoid(z) == 0.5)
      #expect(tableValue(z) == 0.5, "z = \(z)")
    }
  }

  @Test("backprop derivative ŷ(1 − ŷ) within its documented bound of σ(1 − σ)")
  func derivativeOverSweep() {
    let errors = sweepErrors
    #expect(errors.derivativeInside.error <= derivativeBound, "\(errors.derivativeInside)")
    #expect(errors.derivativeOutside.error <= outsideBound, "\(errors.derivativeOutside)")
    // And the looser statement on `Activation.localGradient(output:)`.
    #expect(
      max(errors.derivativeInside.error, errors.derivativeOutside.error) <= 7.4e-7)
  }
}
