// Tests of the kernel's own exp, expMinusOne, log, log(onePlus:), tanh and
// sigmoid on SIMD4<Double> (Sources/SIMDNet/Numerics/SIMD4+ElementaryFunctions.swift).
//
// References. glibc's double functions are an independent implementation; on
// this glibc (2.28 and later) exp and log are within about 0.52 ulp and the
// others within 1–2 ulps, so a function of ours that is within 1 ulp of the
// true value is within 2 ulps of glibc, and usually within 1. We therefore
// check two things:
//   * the distance to glibc's double result in whole ulps (the number of
//     representable doubles between the two), everywhere;
//   * on x86_64, the error in fractional ulps of the true value, taken from
//     glibc's long-double (Float80, 64-bit significand) functions, whose own
//     error is about 2^-11 ulp of a double: this is the accuracy the doc
//     comments state.
// Inputs come from SplitMix64 mapped into ranges with exact arithmetic only
// (bit patterns, multiplications by powers of two), so they are the same
// everywhere. Tolerances are the worst measured on these very points plus
// about 0.03 ulp, so that a regression of a few hundredths of an ulp fails.
// (Over 3·10^7–6·10^7 points per function the worst errors are exp 0.62 ulp
// (0.77 for subnormal results), expMinusOne 0.62, log 0.68, log(onePlus:)
// 0.71, tanh 1.93 and sigmoid 2.49 ulp; whole-ulp distance to glibc is at
// most 1 for the first four, 3 for tanh and sigmoid.)

import SIMDNet
import SIMDNetTestSupport
import Testing

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

// MARK: - Helpers

/// Worst error seen and where.
private struct Worst: CustomStringConvertible {
  var error = 0.0
  var argument = Double.nan

  mutating func record(_ error: Double, at x: Double) {
    if error > self.error || error.isNaN {
      self.error = error
      self.argument = x
    }
  }

  var description: String {
    error == 0 ? "0 ulp (exact everywhere)" : "\(error) ulp at x = \(argument)"
  }
}

#if arch(x86_64) && !os(Windows)
  /// Error of `y` in ulps of the exact value `exact` (subnormal ulps below
  /// 2^-1022); 0 when both are the same infinity or both NaN.
  private func ulpError(_ y: Double, exact: Float80) -> Double {
    if exact.isNaN || y.isNaN { return exact.isNaN && y.isNaN ? 0 : .infinity }
    let rounded = Double(exact)
    if rounded.isInfinite || y.isInfinite { return rounded == y ? 0 : .infinity }
    let exponent = exact == 0 ? -1074 : max(Int(exact.exponent) - 52, -1074)
    let ulp = Float80(sign: .plus, exponent: exponent, significand: 1)
    return Double(abs(Float80(y) - exact) / ulp)
  }
#endif

/// One function under test with its references.
private struct Subject: Sendable {
  var name: String
  var vector: @Sendable (SIMD4<Double>) -> SIMD4<Double>
  var glibc: @Sendable (Double) -> Double
  #if arch(x86_64) && !os(Windows)
    var exact: @Sendable (Float80) -> Float80
  #endif
}

/// Evaluates `subject` four lanes at a time on `count` points shared evenly
/// among the generators; returns the worst whole-ulp distance to glibc and (on x86_64)
/// the worst fractional error against the long-double reference.
private func sweep(
  _ subject: Subject, seed: UInt64, count: Int,
  _ generators: [(inout SplitMix64) -> Double]
) -> (glibc: Worst, exact: Worst, points: Int) {
  var rng = SplitMix64(state: seed)
  var vsGlibc = Worst()
  var vsExact = Worst()
  var points = 0
  for generate in generators {
    for _ in 0..<(count / 4 / generators.count) {
      let x = SIMD4(generate(&rng), generate(&rng), generate(&rng), generate(&rng))
      let y = subject.vector(x)
      for lane in 0..<4 {
        let d = ulpDistance(y[lane], subject.glibc(x[lane]))
        vsGlibc.record(d == .max ? .infinity : Double(d), at: x[lane])
        #if arch(x86_64) && !os(Windows)
          vsExact.record(ulpError(y[lane], exact: subject.exact(Float80(x[lane]))), at: x[lane])
        #endif
      }
      points += 4
    }
  }
  return (vsGlibc, vsExact, points)
}

/// Runs a sweep, prints the worst errors and checks them against the
/// tolerances (whole ulps against glibc, fractional ulps against the exact
/// value).
private func check(
  _ subject: Subject, seed: UInt64, count: Int = 1 << 20,
  glibcTolerance: Double, exactTolerance: Double?,
  _ generators: [(inout SplitMix64) -> Double]
) {
  let (vsGlibc, vsExact, points) = sweep(subject, seed: seed, count: count, generators)
  let exact = exactTolerance == nil ? "not compared" : "\(vsExact)"
  print("\(subject.name): \(points) points; vs glibc \(vsGlibc); vs exact \(exact)")
  #expect(
    vsGlibc.error <= glibcTolerance,
    "\(subject.name) vs glibc: \(vsGlibc)")
  #if arch(x86_64) && !os(Windows)
    if let exactTolerance {
      #expect(
        vsExact.error <= exactTolerance,
        "\(subject.name) vs exact: \(vsExact)")
    }
  #endif
}

private let expSubject: Subject = {
  #if arch(x86_64) && !os(Windows)
    Subject(name: "exp", vector: { SIMD4.exp($0) }, glibc: { exp($0) }, exact: { expl($0) })
  #else
    Subject(name: "exp", vector: { SIMD4.exp($0) }, glibc: { exp($0) })
  #endif
}()

private let expMinusOneSubject: Subject = {
  #if arch(x86_64) && !os(Windows)
    Subject(
      name: "expMinusOne", vector: { SIMD4.expMinusOne($0) }, glibc: { expm1($0) },
      exact: { expm1l($0) })
  #else
    Subject(name: "expMinusOne", vector: { SIMD4.expMinusOne($0) }, glibc: { expm1($0) })
  #endif
}()

private let logSubject: Subject = {
  #if arch(x86_64) && !os(Windows)
    Subject(name: "log", vector: { SIMD4.log($0) }, glibc: { log($0) }, exact: { logl($0) })
  #else
    Subject(name: "log", vector: { SIMD4.log($0) }, glibc: { log($0) })
  #endif
}()

private let logOnePlusSubject: Subject = {
  #if arch(x86_64) && !os(Windows)
    Subject(
      name: "log(onePlus:)", vector: { SIMD4.log(onePlus: $0) }, glibc: { log1p($0) },
      exact: { log1pl($0) })
  #else
    Subject(name: "log(onePlus:)", vector: { SIMD4.log(onePlus: $0) }, glibc: { log1p($0) })
  #endif
}()

private let tanhSubject: Subject = {
  #if arch(x86_64) && !os(Windows)
    Subject(name: "tanh", vector: { SIMD4.tanh($0) }, glibc: { tanh($0) }, exact: { tanhl($0) })
  #else
    Subject(name: "tanh", vector: { SIMD4.tanh($0) }, glibc: { tanh($0) })
  #endif
}()

/// Held against the same formula with glibc's exp, and against the exact
/// logistic function.
private let sigmoidSubject: Subject = {
  #if arch(x86_64) && !os(Windows)
    Subject(
      name: "sigmoid", vector: { SIMD4.sigmoid($0) }, glibc: { 1 / (1 + exp(-$0)) },
      exact: { 1 / (1 + expl(-$0)) })
  #else
    Subject(name: "sigmoid", vector: { SIMD4.sigmoid($0) }, glibc: { 1 / (1 + exp(-$0)) })
  #endif
}()

/// Checks `f` on each value against `expected` bit for bit (any NaN matches
/// any NaN), the value in all four lanes and its lane 0 checked; mixed lanes
/// are `lanesAreIndependent`'s.
private func expectExact(
  _ name: String, _ f: (SIMD4<Double>) -> SIMD4<Double>, _ cases: [(Double, Double)]
) {
  for (x, expected) in cases {
    let y = f(SIMD4(repeating: x))[0]
    let same = y.bitPattern == expected.bitPattern || (y.isNaN && expected.isNaN)
    #expect(same, "\(name)(\(x)) = \(y), expected \(expected)")
  }
}

// MARK: - Accuracy sweeps

@Suite("Elementary functions on SIMD4<Double>")
struct ElementaryFunctionTests {

  @Test("exp: dense sweep including subnormal results")
  func expSweep() {
    check(
      expSubject, seed: 1, glibcTolerance: 1, exactTolerance: 0.63,
      [
        { $0.uniform(-708.39, 710) },
        { $0.uniform(-1, 1) },
        { $0.logUniform(-1074...8, signed: true) },
      ])
    // Subnormal results (and 0, and infinity): rounded twice (to 53 bits, then
    // to the subnormal's precision), so up to 0.5 + 0.25 ulp.
    check(
      expSubject, seed: 2, count: 1 << 18, glibcTolerance: 1, exactTolerance: 0.77,
      [{ $0.uniform(-746, -708.39) }, { $0.uniform(709, 710) }])
  }

  @Test("expMinusOne: dense sweep, small and large arguments")
  func expMinusOneSweep() {
    check(
      expMinusOneSubject, seed: 3, glibcTolerance: 1, exactTolerance: 0.60,
      [
        { $0.uniform(-40, 710) },
        { $0.uniform(-2, 2) },
        { $0.logUniform(-1074...9, signed: true) },
        { $0.uniform(-50, -30) },
      ])
  }

  @Test("log: dense sweep over all binades including subnormal inputs")
  func logSweep() {
    check(
      logSubject, seed: 4, glibcTolerance: 1, exactTolerance: 0.67,
      [
        { $0.positiveBits() },
        { $0.uniform(0.5, 2) },
        { $0.uniform(0.7, 1.5) },
        { Double(bitPattern: $0.next() >> 12) },  // subnormal (or zero)
      ])
  }

  @Test("log(onePlus:): dense sweep, small and large arguments")
  func logOnePlusSweep() {
    check(
      logOnePlusSubject, seed: 5, glibcTolerance: 1, exactTolerance: 0.65,
      [
        { $0.uniform(-1, 1) },
        { $0.logUniform(-1074...0, signed: true) },
        { $0.logUniform(0...1023) },
        { $0.uniform(-1, -0.5) },
      ])
  }

  @Test("tanh: dense sweep")
  func tanhSweep() {
    check(
      tanhSubject, seed: 6, glibcTolerance: 3, exactTolerance: 1.95,
      [
        { $0.uniform(-20, 20) },
        { $0.uniform(-1, 1) },
        { $0.logUniform(-1074...5, signed: true) },
      ])
  }

  @Test("sigmoid: held against 1/(1 + exp(-x)) over [-745, 710]")
  func sigmoidSweep() {
    check(
      sigmoidSubject, seed: 7, glibcTolerance: 3, exactTolerance: 2.3,
      [
        { $0.uniform(-709.78, 710) },
        { $0.uniform(-40, 40) },
        { $0.uniform(-5, 5) },
      ])
    // Below −709.78 e^−x overflows, in glibc's formula as in ours, and the
    // result is 0 where the exact value is a subnormal: compare with the
    // formula only.
    check(
      sigmoidSubject, seed: 8, count: 1 << 16, glibcTolerance: 0, exactTolerance: nil,
      [{ $0.uniform(-745, -709.79) }])
  }

  @Test("sigmoid is exactly 1/(1 + exp(-x)) with the kernel's exp")
  func sigmoidIsTheFormula() {
    var rng = SplitMix64(state: 8)
    for _ in 0..<10_000 {
      let x = SIMD4(
        rng.uniform(-800, 800), rng.uniform(-40, 40), rng.uniform(-1, 1),
        rng.logUniform(-1074...10, signed: true))
      let formula = 1 / (1 + SIMD4.exp(-x))
      let y = SIMD4.sigmoid(x)
      for lane in 0..<4 {
        #expect(y[lane].bitPattern == formula[lane].bitPattern, "sigmoid(\(x[lane]))")
      }
    }
  }

  // MARK: - Special values

  @Test("exp: special values and thresholds")
  func expSpecialValues() {
    let maxExpArgument = 709.782712893384  // largest x with a finite exp(x)
    let minExpArgument = -745.1332191019411  // smallest x with exp(x) > 0
    expectExact(
      "exp", SIMD4.exp,
      [
        (.nan, .nan), (-.nan, .nan), (.signalingNaN, .nan),
        (.infinity, .infinity), (-.infinity, 0),
        (0, 1), (-0.0, 1),
        (.greatestFiniteMagnitude, .infinity), (-.greatestFiniteMagnitude, 0),
        (.leastNonzeroMagnitude, 1), (-.leastNonzeroMagnitude, 1),
        (.leastNormalMagnitude, 1), (-.leastNormalMagnitude, 1),
        (maxExpArgument, 0x1.fffffffffff2ap1023), (maxExpArgument.nextUp, .infinity),
        (minExpArgument, .leastNonzeroMagnitude), (minExpArgument.nextDown, 0),
        (710, .infinity), (-746, 0),
        (1, 0x1.5bf0a8b145769p1), (-1, 0x1.78b56362cef38p-2),
      ])
    // Results at the bottom of the normal range and in the subnormal range.
    for x in [-708.3964185322641, -708.5, -720, -740, -745] {
      let y = SIMD4<Double>.exp(SIMD4(repeating: x))[0]
      #expect(ulpDistance(y, exp(x)) <= 1, "exp(\(x)) = \(y), glibc \(exp(x))")
    }
  }

  @Test("expMinusOne: special values and thresholds")
  func expMinusOneSpecialValues() {
    expectExact(
      "expMinusOne", SIMD4.expMinusOne,
      [
        (.nan, .nan), (-.nan, .nan), (.infinity, .infinity), (-.infinity, -1),
        (0, 0), (-0.0, -0.0),
        (.greatestFiniteMagnitude, .infinity), (-.greatestFiniteMagnitude, -1),
        (.leastNonzeroMagnitude, .leastNonzeroMagnitude),
        (-.leastNonzeroMagnitude, -.leastNonzeroMagnitude),
        (.leastNormalMagnitude, .leastNormalMagnitude),
        (-.leastNormalMagnitude, -.leastNormalMagnitude),
        (1e-300, 1e-300), (-1e-300, -1e-300), (0x1p-60, 0x1p-60),
        (709.782712893384, 0x1.fffffffffff2ap1023), (709.7827128933841, .infinity),
        (-40, -1), (-1000, -1),
        (-37.4, -1 + 0x1p-53),  // e^−37.4 ≈ 1.03·2^−54: just above half an ulp
        (-37.5, -1),  // e^−37.5 ≈ 0.93·2^−54: rounds to −1
      ])
  }

  @Test("log: special values")
  func logSpecialValues() {
    expectExact(
      "log", { SIMD4.log($0) },
      [
        (.nan, .nan), (-.nan, .nan), (.infinity, .infinity), (-.infinity, .nan),
        (0, -.infinity), (-0.0, -.infinity), (-1, .nan), (-.leastNonzeroMagnitude, .nan),
        (1, 0), (2, 0x1.62e42fefa39efp-1), (0.5, -0x1.62e42fefa39efp-1),
        (.greatestFiniteMagnitude, 0x1.62e42fefa39efp9),
        (.leastNormalMagnitude, -0x1.6232bdd7abcd2p9),
        (.leastNonzeroMagnitude, -0x1.74385446d71c3p9),
      ])
    for x in [0x1p-1030, 0x1.8p-1060, 0x1.2p-1064, 1.0.nextUp, 1.0.nextDown] {
      let y = SIMD4<Double>.log(SIMD4(repeating: x))[0]
      #expect(ulpDistance(y, log(x)) <= 1, "log(\(x)) = \(y), glibc \(log(x))")
    }
  }

  @Test("log(onePlus:): special values")
  func logOnePlusSpecialValues() {
    expectExact(
      "log(onePlus:)", { SIMD4.log(onePlus: $0) },
      [
        (.nan, .nan), (-.nan, .nan), (.infinity, .infinity), (-.infinity, .nan),
        (0, 0), (-0.0, -0.0), (-1, -.infinity), ((-1.0).nextDown, .nan), (-2, .nan),
        (.leastNonzeroMagnitude, .leastNonzeroMagnitude),
        (-.leastNonzeroMagnitude, -.leastNonzeroMagnitude),
        (.leastNormalMagnitude, .leastNormalMagnitude),
        (1e-300, 1e-300), (-1e-300, -1e-300),
        (1, 0x1.62e42fefa39efp-1),
        (.greatestFiniteMagnitude, 0x1.62e42fefa39efp9),
      ])
    let nearMinusOne = (-1.0).nextUp  // −1 + 2^−53: log1p = −53·ln 2
    let y = SIMD4<Double>.log(onePlus: SIMD4(repeating: nearMinusOne))[0]
    #expect(ulpDistance(y, log1p(nearMinusOne)) <= 1)
  }

  @Test("tanh: special values")
  func tanhSpecialValues() {
    expectExact(
      "tanh", SIMD4.tanh,
      [
        (.nan, .nan), (-.nan, .nan), (.infinity, 1), (-.infinity, -1),
        (0, 0), (-0.0, -0.0),
        (.greatestFiniteMagnitude, 1), (-.greatestFiniteMagnitude, -1),
        (.leastNonzeroMagnitude, .leastNonzeroMagnitude),
        (-.leastNonzeroMagnitude, -.leastNonzeroMagnitude),
        (.leastNormalMagnitude, .leastNormalMagnitude),
        (-.leastNormalMagnitude, -.leastNormalMagnitude),
        (1e-300, 1e-300), (-1e-300, -1e-300),
        (20, 1), (-20, -1), (1000, 1),
      ])
  }

  @Test("sigmoid: special values")
  func sigmoidSpecialValues() {
    expectExact(
      "sigmoid", SIMD4.sigmoid,
      [
        (.nan, .nan), (-.nan, .nan), (.infinity, 1), (-.infinity, 0),
        (0, 0.5), (-0.0, 0.5),
        (.greatestFiniteMagnitude, 1), (-.greatestFiniteMagnitude, 0),
        (.leastNonzeroMagnitude, 0.5), (-.leastNonzeroMagnitude, 0.5),
        (40, 1), (-746, 0), (-1e10, 0),
      ])
    // Never NaN for a non-NaN input, and always in [0, 1].
    let xs: [Double] = [-1000, -745.2, -745, -710, -709.8, -709.7, -700, -37, 37, 710, 1e300]
    for x in xs {
      let y = SIMD4<Double>.sigmoid(SIMD4(repeating: x))[0]
      #expect(!y.isNaN && y >= 0 && y <= 1, "sigmoid(\(x)) = \(y)")
    }
  }

  // MARK: - Lanes and reproducibility

  @Test("the four lanes are computed independently")
  func lanesAreIndependent() {
    let columns: [SIMD4<Double>] = [
      SIMD4(.nan, 1, -.infinity, 0.25),
      SIMD4(-745.5, .infinity, -0.0, 710),
      SIMD4(.leastNonzeroMagnitude, -1, 1e-300, .nan),
      SIMD4(-0.5, 3, (-1.0).nextDown, 0x1p-1060),
      SIMD4(-.greatestFiniteMagnitude, 0, 19.5, -40),
    ]
    let functions: [(String, (SIMD4<Double>) -> SIMD4<Double>)] = [
      ("exp", SIMD4.exp), ("expMinusOne", SIMD4.expMinusOne),
      ("log", { SIMD4.log($0) }), ("log(onePlus:)", { SIMD4.log(onePlus: $0) }),
      ("tanh", SIMD4.tanh), ("sigmoid", SIMD4.sigmoid),
    ]
    for (name, f) in functions {
      for x in columns {
        let together = f(x)
        for lane in 0..<4 {
          let alone = f(SIMD4(repeating: x[lane]))[0]
          // The same value in any other lane, surrounded by different values.
          var shuffled = SIMD4<Double>(1, 2, 3, 4)
          shuffled[3 - lane] = x[lane]
          let moved = f(shuffled)[3 - lane]
          let same =
            (together[lane].bitPattern == alone.bitPattern
              && moved.bitPattern == alone.bitPattern)
          #expect(same, "\(name) lane \(lane) of \(x): \(together[lane]), alone \(alone)")
        }
      }
    }
  }
}
