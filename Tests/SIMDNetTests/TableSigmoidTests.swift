import SIMDNet
import Testing

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// σ(z) from the C library's `exp`, written so that neither branch cancels:
/// 1/(1 + e^(−z)) for z ≥ 0 and e^z/(1 + e^z) for z < 0 (a few ulp).
private func referenceSigmoid(_ z: Double) -> Double {
  if z >= 0 { return 1 / (1 + exp(-z)) }
  let e = exp(z)
  return e / (1 + e)
}

/// σ'(z) = e^(−|z|) / (1 + e^(−|z|))², accurate to a few ulp for every z.
private func referenceSigmoidDerivative(_ z: Double) -> Double {
  let e = exp(-abs(z))
  return e / ((1 + e) * (1 + e))
}

private func fast(_ z: Double) -> Double {
  Lanes.tableSigmoid(Lanes(repeating: z))[0]
}

/// The documented bounds (see `SIMD4.tableSigmoid(_:)`).
private let insideErrorBound = 7.35e-7  // max|σ''|·h²/8 = 7.3414e-7, plus rounding
private let outsideErrorBound = 1.2e-7  // σ(−16) = 1.1254e-7
private let derivativeErrorBound = 4.8e-7  // h²/8·(1/16 + h/2·max|σ''|) = 4.797e-7

/// Worst absolute error seen, and where.
private struct Worst: CustomStringConvertible {
  var error = 0.0
  var at = Double.nan
  mutating func record(_ error: Double, at z: Double) {
    if error > self.error { (self.error, self.at) = (error, z) }
  }
  var description: String { "\(error) at z = \(at)" }
}

/// Every knot −16 + k/128 and every midpoint between two knots.
private let knotsAndMidpoints: [Double] =
  (0...4096).map { -16 + Double($0) / 128 } + (0..<4096).map { -16 + (Double($0) + 0.5) / 128 }

/// 1,000,001 evenly spaced points over [−40, 40], increasing.
private let sweep: [Double] = (0...1_000_000).map { -40 + Double($0) * 8e-5 }

/// Runs `tableSigmoid` four points at a time.
private func tableValues(_ zs: [Double]) -> [Double] {
  var result = [Double](repeating: 0, count: zs.count)
  var i = 0
  while i < zs.count {
    var v = Lanes(repeating: 0)
    for lane in 0..<4 where i + lane < zs.count { v[lane] = zs[i + lane] }
    let y = Lanes.tableSigmoid(v)
    for lane in 0..<4 where i + lane < zs.count { result[i + lane] = y[lane] }
    i += 4
  }
  return result
}

@Suite("TableSigmoid")
struct TableSigmoidTests {
  @Test("error against exp-based σ over [−40, 40], every knot and every midpoint")
  func errorAgainstReference() {
    let zs = sweep + knotsAndMidpoints
    let ys = tableValues(zs)
    var inside = Worst()
    var outside = Worst()
    for (z, y) in zip(zs, ys) {
      let error = abs(y - referenceSigmoid(z))
      if abs(z) <= 16 {
        inside.record(error, at: z)
      } else {
        outside.record(error, at: z)
      }
    }
    print("tableSigmoid worst error inside [−16, 16]: \(inside)")
    print("tableSigmoid worst error outside [−16, 16]: \(outside)")
    #expect(inside.error <= insideErrorBound, "inside: \(inside)")
    #expect(outside.error <= outsideErrorBound, "outside: \(outside)")
  }

  @Test("backprop derivative ŷ(1 − ŷ) against σ'(z)")
  func derivativeBound() {
    let zs = sweep + knotsAndMidpoints
    let ys = tableValues(zs)
    var worst = Worst()
    for (z, y) in zip(zs, ys) {
      worst.record(abs(y * (1 - y) - referenceSigmoidDerivative(z)), at: z)
    }
    print("tableSigmoid worst derivative error: \(worst)")
    #expect(worst.error <= derivativeErrorBound, "\(worst)")
  }

  @Test("output stays in [0, 1] and never decreases")
  func rangeAndMonotone() {
    let ys = tableValues(sweep)
    #expect(ys.allSatisfy { $0 >= 0 && $0 <= 1 })
    let drops = zip(ys, ys.dropFirst()).filter { $0.1 < $0.0 }.count
    #expect(drops == 0)

    // Across every knot boundary, at the neighbouring doubles.
    for x in knotsAndMidpoints {
      let (below, at, above) = (fast(x.nextDown), fast(x), fast(x.nextUp))
      #expect(below <= at && at <= above, "not monotone at z = \(x)")
    }
  }

  @Test("knots: exact values, symmetry")
  func knots() {
    // Correctly rounded σ at some knots, computed with 100-digit arithmetic.
    let expected: [(z: Double, sigma: Double)] = [
      (-16, 0.000000112535162055094990583521815803),
      (-1.3125, 0.212068804357105338885527983619),
      (-0.0078125, 0.498046884934046829959463644408),
      (0, 0.5),
      (0.0078125, 0.501953115065953170040536355592),
      (1, 0.731058578630004879251159241822),
      (1.3203125, 0.789233693680229117658392782405),
      (2, 0.880797077977882444059729141302),
      (5.5, 0.995929862284103872674835394571),
      (16, 0.999999887464837944905009416478),
    ]
    for (z, sigma) in expected {
      #expect(fast(z) == sigma, "knot at z = \(z)")
    }
    // σ(−x) = 1 − σ(x): both knots are correctly rounded, so they agree to
    // within one ulp of the larger one (1 − σ(x) is exact for σ(x) ≥ ½).
    for k in 0...2048 {
      let x = Double(k) / 128
      let (upper, lower) = (fast(x), fast(-x))
      #expect(abs((1 - upper) - lower) <= upper.ulp, "symmetry at x = \(x)")
    }
  }

  @Test("special values")
  func specialValues() {
    let top = fast(16)
    let bottom = fast(-16)
    #expect(top == 0.999999887464837944905009416478)
    #expect(bottom == 0.000000112535162055094990583521815803)

    #expect(fast(.nan).isNaN)
    #expect(fast(-.nan).isNaN)
    let payload = Double(nan: 0x5A5A, signaling: false)
    #expect(fast(payload).bitPattern == payload.bitPattern, "NaN passes through")
    #expect(fast(.signalingNaN).isNaN)

    for huge in [Double.infinity, .greatestFiniteMagnitude, 1e300, 16.0.nextUp, 17, 1e6] {
      #expect(fast(huge) == top, "z = \(huge)")
      #expect(fast(-huge) == bottom, "z = \(-huge)")
    }
    for tiny in [
      0.0, Double.leastNonzeroMagnitude, Double.leastNormalMagnitude,
      Double.leastNormalMagnitude / 2, 1e-300,
    ] {
      #expect(fast(tiny) == 0.5, "z = \(tiny)")
      #expect(fast(-tiny) == 0.5, "z = \(-tiny)")
    }
    #expect(fast(-0.0) == 0.5)
  }

  @Test("each lane is independent of the others")
  func lanesIndependent() {
    let values: [Double] = [
      .nan, -.infinity, .infinity, .greatestFiniteMagnitude, -.greatestFiniteMagnitude,
      .leastNonzeroMagnitude, -0.0, 0.3, -7.25, 15.999, -16.5, 1.3171,
    ]
    func same(_ a: Double, _ b: Double) -> Bool {
      a.bitPattern == b.bitPattern || (a.isNaN && b.isNaN)
    }
    let alone = values.map(fast)
    var mismatches = 0
    for a in values.indices {
      for b in values.indices {
        for c in values.indices {
          for d in values.indices {
            let y = Lanes.tableSigmoid(Lanes(values[a], values[b], values[c], values[d]))
            if !(same(y[0], alone[a]) && same(y[1], alone[b]) && same(y[2], alone[c])
              && same(y[3], alone[d]))
            {
              mismatches += 1
            }
          }
        }
      }
    }
    #expect(mismatches == 0)
  }
}
