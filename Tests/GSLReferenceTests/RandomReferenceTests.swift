// The kernel's Mersenne Twister (Sources/SIMDNet/Numerics/MersenneTwister.swift) and
// its weight initialisation (Initialization.swift, Layer.swift, Stack.swift)
// held against GNU GSL's `gsl_rng_mt19937`, bit for bit.
//
// Every expected value is produced here by GSL — `gsl_rng_get`,
// `gsl_rng_uniform`, `gsl_rng_uniform_pos`, `gsl_rng_uniform_int`,
// `gsl_ran_flat`, `gsl_ran_shuffle` — on a generator of its own, allocated per
// test (GSL generators are not shared between threads), seeded with
// `gsl_rng_set`. Radii of the initialisation schemes come from the papers'
// formulas, written out in this file.

@preconcurrency import CGSL
import SIMDNet
import Testing

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

// MARK: - Helpers

/// Runs `body` with a fresh `gsl_rng_mt19937` seeded by
/// `gsl_rng_set(r, seed)` (GSL's seed is an `unsigned long`, 64 bits here),
/// and frees it afterwards.
private func withGSLGenerator<R>(
  seed: UInt64, _ body: (UnsafeMutablePointer<gsl_rng>) throws -> R
) rethrows -> R {
  let r = gsl_rng_alloc(gsl_rng_mt19937)!
  defer { gsl_rng_free(r) }
  gsl_rng_set(r, UInt(seed))
  return try body(r)
}

/// Seeds the issue names (0, 1, 4357 — GSL's default — and 2³² − 1), the
/// reference implementation's 5489, and seeds wider than 32 bits, which GSL
/// accepts and cuts to their low 32 bits after testing the whole seed
/// against 0.
private let seeds: [UInt64] = [
  0, 1, 4357, 4_294_967_295, 5489, 4_294_967_296, UInt64.max, 20_260_101,
]

/// Counts of matching and mismatching results, and the first mismatch.
private struct Agreement: CustomStringConvertible {
  var matches = 0
  var mismatches = 0
  var firstMismatch: String?

  mutating func check(_ kernel: Double, _ gsl: Double, _ context: @autoclosure () -> String) {
    check(kernel.bitPattern == gsl.bitPattern, "\(context()): kernel \(kernel), GSL \(gsl)")
  }

  mutating func check<T: Equatable>(
    _ kernel: T, _ gsl: T, _ context: @autoclosure () -> String
  ) {
    check(kernel == gsl, "\(context()): kernel \(kernel), GSL \(gsl)")
  }

  mutating func check(_ ok: Bool, _ context: @autoclosure () -> String) {
    if ok {
      matches += 1
    } else {
      mismatches += 1
      if firstMismatch == nil { firstMismatch = context() }
    }
  }

  var description: String {
    "\(matches) match, \(mismatches) differ" + (firstMismatch.map { "; first: \($0)" } ?? "")
  }
}

/// After a sequence of calls on both generators, the next raw outputs must
/// agree: both consumed the same number of 32-bit outputs.
private func expectInStep(
  _ kernel: inout MersenneTwister, _ gsl: UnsafeMutablePointer<gsl_rng>,
  _ context: String, sourceLocation: SourceLocation = #_sourceLocation
) {
  var agreement = Agreement()
  for k in 0..<3 {
    agreement.check(UInt(kernel.next()), gsl_rng_get(gsl), "\(context), then get #\(k)")
  }
  #expect(agreement.mismatches == 0, "\(agreement)", sourceLocation: sourceLocation)
}

// MARK: - The generator

@Suite("GSL reference: MT19937")
struct MersenneTwisterReferenceTests {

  @Test("GSL's generator is the 32-bit MT19937")
  func gslGeneratorType() {
    withGSLGenerator(seed: 0) { r in
      #expect(String(cString: gsl_rng_name(r)) == "mt19937")
      #expect(gsl_rng_min(r) == 0)
      #expect(gsl_rng_max(r) == UInt(UInt32.max))
    }
  }

  @Test("next() reproduces gsl_rng_get: first 10⁵ outputs of 8 seeds")
  func nextMatchesGet() {
    let count = 100_000
    var total = Agreement()
    for seed in seeds {
      var kernel = MersenneTwister(seed: seed)
      var agreement = Agreement()
      withGSLGenerator(seed: seed) { r in
        for k in 0..<count {
          agreement.check(UInt(kernel.next()), gsl_rng_get(r), "seed \(seed), output #\(k)")
        }
      }
      #expect(agreement.mismatches == 0, "seed \(seed): \(agreement)")
      total.matches += agreement.matches
      total.mismatches += agreement.mismatches
    }
    if total.mismatches == 0 {
      print(
        "MT19937: \(seeds.count) seeds (\(seeds.map(String.init).joined(separator: ", "))) "
          + "× \(count) outputs match gsl_rng_get bit for bit")
    }
    #expect(total.matches == seeds.count * count)
  }

  @Test("uniform() is gsl_rng_uniform and uniformPositive() is gsl_rng_uniform_pos, bit for bit")
  func doublesMatch() {
    let count = 50_000
    var uniform = Agreement()
    var positive = Agreement()
    var mixed = Agreement()
    for seed in seeds {
      var kernel = MersenneTwister(seed: seed)
      withGSLGenerator(seed: seed) { r in
        for k in 0..<count {
          uniform.check(kernel.uniform(), gsl_rng_uniform(r), "seed \(seed), uniform #\(k)")
        }
        for k in 0..<count {
          positive.check(
            kernel.uniformPositive(), gsl_rng_uniform_pos(r), "seed \(seed), uniform_pos #\(k)")
        }
        // Interleaved with raw outputs: the same outputs are consumed.
        for k in 0..<count / 4 {
          mixed.check(kernel.uniform(), gsl_rng_uniform(r), "seed \(seed), mixed #\(k)")
          mixed.check(UInt(kernel.next()), gsl_rng_get(r), "seed \(seed), mixed #\(k)")
          mixed.check(kernel.uniformPositive(), gsl_rng_uniform_pos(r), "seed \(seed), mixed #\(k)")
        }
        expectInStep(&kernel, r, "seed \(seed)")
      }
    }
    print(
      "MT19937 doubles: gsl_rng_uniform \(uniform); gsl_rng_uniform_pos \(positive); "
        + "interleaved \(mixed)")
    #expect(uniform.mismatches == 0, "\(uniform)")
    #expect(positive.mismatches == 0, "\(positive)")
    #expect(mixed.mismatches == 0, "\(mixed)")
  }

  /// n from 1 to GSL's largest legal value for this generator, 2³² − 1,
  /// including values just above a power of two, where GSL's rejection
  /// method throws away almost half of the outputs.
  static let bounds: [UInt32] = [
    1, 2, 3, 7, 10, 100, 1000, 4096, 65_537, 1 << 31 - 1, 1 << 31, 1 << 31 + 1,
    4_000_000_000, UInt32.max - 1, UInt32.max,
  ]

  @Test("uniformInt(below:) is gsl_rng_uniform_int", arguments: bounds)
  func uniformIntMatches(n: UInt32) {
    var agreement = Agreement()
    for seed in seeds {
      var kernel = MersenneTwister(seed: seed)
      withGSLGenerator(seed: seed) { r in
        for k in 0..<5_000 {
          agreement.check(
            UInt(kernel.uniformInt(below: n)), gsl_rng_uniform_int(r, UInt(n)),
            "n \(n), seed \(seed), draw #\(k)")
        }
        expectInStep(&kernel, r, "n \(n), seed \(seed)")
      }
    }
    #expect(agreement.mismatches == 0, "\(agreement)")
  }

  @Test("flat(from:to:) is gsl_ran_flat, bit for bit")
  func flatMatches() {
    let intervals: [(Double, Double)] = [
      (-1, 1), (0, 1), (-3.25, 1.5), (0, 10), (-0.1, 0.1), (1e-3, 1e3), (-1e300, 1e300),
      (-sqrt(6.0 / 5), sqrt(6.0 / 5)), (2, 2), (5, -5),
    ]
    var agreement = Agreement()
    for seed in seeds {
      var kernel = MersenneTwister(seed: seed)
      withGSLGenerator(seed: seed) { r in
        for k in 0..<2_000 {
          for (a, b) in intervals {
            agreement.check(
              kernel.flat(from: a, to: b), gsl_ran_flat(r, a, b),
              "seed \(seed), flat(\(a), \(b)) #\(k)")
          }
        }
        expectInStep(&kernel, r, "seed \(seed)")
      }
    }
    print("MT19937 gsl_ran_flat over \(intervals.count) intervals: \(agreement)")
    #expect(agreement.mismatches == 0, "\(agreement)")
  }

  /// `gsl_ran_shuffle(r, base, n, size)` permutes `n` elements of `size`
  /// bytes; a Swift `Int` is GSL's `size_t` (8 bytes), a `UInt32` 4 bytes.
  /// (GSL's loop `for (i = n - 1; i > 0; i--)` runs with `i = SIZE_MAX` when
  /// n = 0, so GSL is never called with an empty array here; the kernel
  /// returns at once.)
  @Test(
    "shuffle is gsl_ran_shuffle",
    arguments: [1, 2, 3, 4, 10, 57, 624, 1000, 4099])
  func shuffleMatches(count: Int) {
    #expect(MemoryLayout<Int>.stride == MemoryLayout<Int>.size)
    #expect(MemoryLayout<Int>.size == MemoryLayout<size_t>.size)
    for seed in seeds {
      var kernel = MersenneTwister(seed: seed)
      withGSLGenerator(seed: seed) { r in
        // Three shuffles in a row from the same stream, of 8- and 4-byte
        // elements.
        var mine = Array(0..<count)
        var theirs = mine
        kernel.shuffle(&mine)
        theirs.withUnsafeMutableBytes {
          gsl_ran_shuffle(r, $0.baseAddress, count, MemoryLayout<Int>.stride)
        }
        #expect(mine == theirs, "seed \(seed), \(count) Ints")
        #expect(mine.sorted() == Array(0..<count))

        kernel.shuffle(&mine)
        theirs.withUnsafeMutableBytes {
          gsl_ran_shuffle(r, $0.baseAddress, count, MemoryLayout<Int>.stride)
        }
        #expect(mine == theirs, "seed \(seed), \(count) Ints, second shuffle")

        var mine32 = (0..<count).map { UInt32($0) &* 2_654_435_761 }
        var theirs32 = mine32
        kernel.shuffle(&mine32)
        theirs32.withUnsafeMutableBytes {
          gsl_ran_shuffle(r, $0.baseAddress, count, MemoryLayout<UInt32>.stride)
        }
        #expect(mine32 == theirs32, "seed \(seed), \(count) UInt32s")
        expectInStep(&kernel, r, "seed \(seed), \(count) elements")
      }
    }
  }

  @Test("shuffle of a slice and of an InlineArray is gsl_ran_shuffle on those elements")
  func shuffleSliceAndInlineArray() {
    for seed in seeds {
      var kernel = MersenneTwister(seed: seed)
      withGSLGenerator(seed: seed) { r in
        // A slice with startIndex 10: GSL sees only its 25 elements.
        var mine = Array(100..<150)
        var theirs = mine
        kernel.shuffle(&mine[10..<35])
        theirs.withUnsafeMutableBufferPointer {
          gsl_ran_shuffle(r, $0.baseAddress! + 10, 25, MemoryLayout<Int>.stride)
        }
        #expect(mine == theirs, "seed \(seed), slice")

        var inline: InlineArray<16, Int> = [
          0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
        ]
        var expected = Array(0..<16)
        kernel.shuffle(&inline)
        expected.withUnsafeMutableBytes {
          gsl_ran_shuffle(r, $0.baseAddress, 16, MemoryLayout<Int>.stride)
        }
        #expect((0..<16).map { inline[$0] } == expected, "seed \(seed), InlineArray")

        // Empty and one-element inputs consume nothing on either side.
        var empty: [Int] = []
        var one = [7]
        kernel.shuffle(&empty)
        kernel.shuffle(&one)
        one.withUnsafeMutableBytes {
          gsl_ran_shuffle(r, $0.baseAddress, 1, MemoryLayout<Int>.stride)
        }
        #expect(one == [7])
        expectInStep(&kernel, r, "seed \(seed)")
      }
    }
  }
}

// MARK: - Initialisation

/// The half-width r of a scheme's interval [−r, r), from the papers'
/// formulas: Glorot & Bengio (2010) r = √(6/(fanIn + fanOut)); He et al.
/// (2015, uniform variant) r = √(6/fanIn).
private func radius(_ scheme: Initialization, fanIn: Int, fanOut: Int) -> Double {
  switch scheme {
  case .uniform(let r): r
  case .xavier: sqrt(6 / Double(fanIn + fanOut))
  case .he: sqrt(6 / Double(fanIn))
  }
}

/// The variance each scheme promises: r²/3 for uniform ±r, 2/(fanIn + fanOut)
/// for Xavier, 2/fanIn for He.
private func promisedVariance(_ scheme: Initialization, fanIn: Int, fanOut: Int) -> Double {
  switch scheme {
  case .uniform(let r): r * r / 3
  case .xavier: 2 / Double(fanIn + fanOut)
  case .he: 2 / Double(fanIn)
  }
}

/// GSL's re-implementation of the kernel's documented initialisation: the
/// parameters of a network whose layers have the given shapes (from the
/// input side), in the kernel's parameter order — layer by layer; within a
/// layer `weights[j][i]` for j = 0…, i = 0…, each
/// `gsl_ran_flat(r, −radius, radius)`, then the layer's biases, all zero.
private func gslInitialParameters(
  seed: UInt64, shapes: [(inputs: Int, outputs: Int)], scheme: Initialization
) -> [Double] {
  withGSLGenerator(seed: seed) { r in
    var parameters: [Double] = []
    for (inputs, outputs) in shapes {
      let w = radius(scheme, fanIn: inputs, fanOut: outputs)
      for _ in 0..<outputs {
        for _ in 0..<inputs { parameters.append(gsl_ran_flat(r, -w, w)) }
      }
      parameters += repeatElement(0.0, count: outputs)
    }
    return parameters
  }
}

/// Compares every parameter of `network` with GSL's, to the bit.
private func parameterAgreement<N: FixedSizeNetwork>(
  _ network: N, _ expected: [Double], _ context: String
) -> Agreement {
  var agreement = Agreement()
  agreement.check(N.parameterCount, expected.count, "\(context): parameter count")
  for k in 0..<min(N.parameterCount, expected.count) {
    agreement.check(network[parameter: k], expected[k], "\(context), parameter \(k)")
  }
  return agreement
}

@Suite("GSL reference: initialisation")
struct InitializationReferenceTests {

  static let schemes: [Initialization] = [.uniform(radius: 0.5), .uniform(radius: 3), .xavier, .he]

  @Test(
    "a layer's weights[j][i] are GSL's gsl_ran_flat draws, row by row; biases zero",
    arguments: schemes)
  func layerMatchesGSL(scheme: Initialization) {
    for seed in seeds {
      var g = MersenneTwister(seed: seed)
      let layer = Layer<3, 5>(activation: .sigmoid, initialization: scheme, using: &g)
      var agreement = Agreement()
      withGSLGenerator(seed: seed) { r in
        let w = radius(scheme, fanIn: 3, fanOut: 5)
        for j in 0..<5 {
          for i in 0..<3 {
            agreement.check(
              layer.weights[j][i], gsl_ran_flat(r, -w, w),
              "\(scheme), seed \(seed): weights[\(j)][\(i)]")
          }
          agreement.check(layer.biases[j], 0, "\(scheme), seed \(seed): biases[\(j)]")
        }
        expectInStep(&g, r, "\(scheme), seed \(seed)")
      }
      // The lecture's OR neuron, through the parameter order.
      var g2 = MersenneTwister(seed: seed)
      let neuron = Perceptron<2, 1>(activation: .sigmoid, initialization: scheme, using: &g2)
      agreement.merge(
        parameterAgreement(
          neuron, gslInitialParameters(seed: seed, shapes: [(2, 1)], scheme: scheme),
          "\(scheme), seed \(seed), 2-1"))
      #expect(agreement.mismatches == 0, "\(agreement)")
    }
  }

  @Test(
    "stacks are initialised layer by layer from the input, as GSL re-implements it",
    arguments: schemes)
  func stacksMatchGSL(scheme: Initialization) {
    var total = Agreement()
    for seed in seeds {
      // Built layer by layer from one generator.
      var g = MersenneTwister(seed: seed)
      let lower = Layer<2, 2>(activation: .sigmoid, initialization: scheme, using: &g)
      let upper = Layer<2, 1>(activation: .sigmoid, initialization: scheme, using: &g)
      let xor = MLP1<2, 2, 1>(lower, upper)
      total.merge(
        parameterAgreement(
          xor, gslInitialParameters(seed: seed, shapes: [(2, 2), (2, 1)], scheme: scheme),
          "\(scheme), seed \(seed), 2-2-1"))
      // Direct weight checks on the stack, so the comparison does not rest
      // on the parameter order alone.
      let expected = gslInitialParameters(seed: seed, shapes: [(2, 2), (2, 1)], scheme: scheme)
      #expect(xor.lower.weights[1][0] == expected[2] && xor.upper.weights[0][1] == expected[7])

      // `initialize` on networks whose parameters were not zero: every
      // weight is redrawn and every bias reset.
      var mlp1 = MLP1<4, 8, 3>(
        Layer(activation: .tanh), Layer(activation: .sigmoid))
      for k in 0..<MLP1<4, 8, 3>.parameterCount { mlp1[parameter: k] = Double(k) + 0.25 }
      var g1 = MersenneTwister(seed: seed)
      mlp1.initialize(scheme, using: &g1)
      total.merge(
        parameterAgreement(
          mlp1, gslInitialParameters(seed: seed, shapes: [(4, 8), (8, 3)], scheme: scheme),
          "\(scheme), seed \(seed), 4-8-3"))

      var mlp2 = MLP2<8, 16, 16, 2>(
        Layer(activation: .relu), Stack(Layer(activation: .relu), Layer(activation: .linear)))
      for k in 0..<MLP2<8, 16, 16, 2>.parameterCount { mlp2[parameter: k] = -1 }
      var g2 = MersenneTwister(seed: seed)
      mlp2.initialize(scheme, using: &g2)
      total.merge(
        parameterAgreement(
          mlp2,
          gslInitialParameters(seed: seed, shapes: [(8, 16), (16, 16), (16, 2)], scheme: scheme),
          "\(scheme), seed \(seed), 8-16-16-2"))
      withGSLGenerator(seed: seed) { r in
        for _ in 0..<(8 * 16 + 16 * 16 + 16 * 2) { _ = gsl_rng_get(r) }
        expectInStep(&g2, r, "\(scheme), seed \(seed), after 8-16-16-2")
      }
    }
    #expect(total.mismatches == 0, "\(total)")
  }

  /// Over N ≥ 10⁶ weights drawn by a 32×32 layer (fan-in 32, fan-out 32)
  /// initialised again and again from one seed — each checked against GSL's
  /// draw — the sample mean and variance sit where the scheme says. For a
  /// uniform variable on [−r, r], with σ² = r²/3:
  ///   SE(mean) = √(σ²/N);
  ///   SE(variance) ≈ √((E x⁴ − σ⁴)/N) = √((r⁴/5 − r⁴/9)/N) = √(4r⁴/(45N)).
  /// Both must be within 5 standard errors (for a correct generator each check
  /// fails with probability about 6·10⁻⁷).
  @Test(
    "sample mean and variance over 10⁶ layer weights are the scheme's",
    arguments: zip(schemes, [UInt64(271_828), 314_159, 161_803, 141_421]))
  func moments(scheme: Initialization, seed: UInt64) {
    let (fanIn, fanOut) = (32, 32)
    let repetitions = 1_000
    let n = repetitions * fanIn * fanOut
    var g = MersenneTwister(seed: seed)
    var layer = Layer<32, 32>(activation: .sigmoid)
    var sum = 0.0
    var sumOfSquares = 0.0
    var agreement = Agreement()
    var outOfRange = 0
    let w = radius(scheme, fanIn: fanIn, fanOut: fanOut)
    withGSLGenerator(seed: seed) { r in
      for _ in 0..<repetitions {
        layer.initialize(scheme, using: &g)
        for j in 0..<fanOut {
          for i in 0..<fanIn {
            let x = layer.weights[j][i]
            agreement.check(x, gsl_ran_flat(r, -w, w), "\(scheme) weights[\(j)][\(i)]")
            if !(x >= -w && x < w) { outOfRange += 1 }
            sum += x
            sumOfSquares += x * x
          }
        }
      }
    }
    let count = Double(n)
    let mean = sum / count
    let variance = sumOfSquares / count - mean * mean
    let expectedVariance = promisedVariance(scheme, fanIn: fanIn, fanOut: fanOut)
    let r2 = 3 * expectedVariance
    let meanSE = (expectedVariance / count).squareRoot()
    let varianceSE = (4 * r2 * r2 / 45 / count).squareRoot()
    print(
      "\(scheme) on a 32×32 layer, seed \(seed): \(n) weights = GSL's (\(agreement.mismatches) differ); "
        + "mean \(mean) (\(mean / meanSE) SE from 0), variance \(variance) "
        + "(promised \(expectedVariance), \((variance - expectedVariance) / varianceSE) SE)")
    #expect(n >= 1_000_000)
    #expect(agreement.mismatches == 0, "\(agreement)")
    #expect(outOfRange == 0)
    #expect(abs(r2 - w * w) <= 4 * Double.ulpOfOne * r2, "radius² = 3·variance")
    #expect(abs(mean) <= 5 * meanSE)
    #expect(abs(variance - expectedVariance) <= 5 * varianceSE)
  }
}

extension Agreement {
  fileprivate mutating func merge(_ other: Agreement) {
    matches += other.matches
    mismatches += other.mismatches
    if firstMismatch == nil { firstMismatch = other.firstMismatch }
  }
}
