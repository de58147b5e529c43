import SIMDNet
import Testing

/// Tests of the kernel's MT19937 generator and of the weight-initialisation
/// schemes built on it.
///
/// Every expected value comes from outside the kernel: the MT19937 reference
/// code (`mt19937ar.c`, whose `init_genrand` is GSL's seeding for nonzero
/// 32-bit seeds), the C++11 standard, GSL's own `rng/test.c`, values printed
/// by GSL 2.7.1 (`gsl_rng_get`, `gsl_rng_uniform_int`, `gsl_ran_flat`,
/// `gsl_ran_shuffle`), or GSL's formulas replayed here on a second generator.
@Suite struct MersenneTwisterTests {

  // MARK: - The raw stream and GSL's seeding

  /// The reference implementation seeded with 5489 (`init_genrand(5489)`,
  /// the default seed of `std::mt19937`) starts with these outputs.
  @Test func referenceSeed5489StartsWithPublishedOutputs() {
    var g = MersenneTwister(seed: 5489)
    let expected: [UInt32] = [
      3_499_211_612, 581_869_302, 3_890_346_734, 3_586_334_585, 545_404_204,
    ]
    for value in expected {
      #expect(g.next() == value)
    }
  }

  /// C++11 [rand.predef]: the 10000th invocation of a default-constructed
  /// `std::mt19937` (seed 5489) produces 4123659995. This crosses 16 twists.
  @Test func tenThousandthOutputMatchesCxxStandard() {
    var g = MersenneTwister(seed: 5489)
    var last: UInt32 = 0
    for _ in 0..<10_000 {
      last = g.next()
    }
    #expect(last == 4_123_659_995)
  }

  /// GSL's `rng/test.c`: `rng_test (gsl_rng_mt19937, 4357, 1000, 1186927261)`,
  /// the 1000th `gsl_rng_get` after `gsl_rng_set(r, 4357)`.
  @Test func gslSelfTestValueForSeed4357() {
    var g = MersenneTwister(seed: 4357)
    var last: UInt32 = 0
    for _ in 0..<1000 {
      last = g.next()
    }
    #expect(last == 1_186_927_261)
  }

  /// GSL's `mt_set` replaces seed 0 by its default seed 4357.
  @Test func seedZeroIsGSLDefaultSeed4357() {
    var zero = MersenneTwister(seed: 0)
    var gslDefault = MersenneTwister(seed: 4357)
    for _ in 0..<2000 {
      #expect(zero.next() == gslDefault.next())
    }
    var g = MersenneTwister(seed: 0)
    var last: UInt32 = 0
    for _ in 0..<1000 {
      last = g.next()
    }
    #expect(last == 1_186_927_261)
  }

  /// First outputs printed by GSL 2.7.1 (`gsl_rng_set` then `gsl_rng_get`).
  @Test(arguments: [
    (UInt64(0), [UInt32(4_293_858_116), 699_692_587, 1_213_834_231]),
    (UInt64(1), [UInt32(1_791_095_845), 4_282_876_139, 3_093_770_124]),
    (UInt64(7), [UInt32(327_741_615), 976_413_892, 3_349_725_721]),
    (UInt64(4_294_967_295), [UInt32(419_326_371), 479_346_978, 3_918_654_476]),
  ])
  func firstOutputsMatchGSL(seed: UInt64, expected: [UInt32]) {
    var g = MersenneTwister(seed: seed)
    for value in expected {
      #expect(g.next() == value)
    }
  }

  /// GSL's seed is an `unsigned long` (64 bits) but `mt_set` keeps only
  /// `s & 0xffffffff`, after testing the *whole* seed against 0. So 2³² is
  /// not the default seed: it starts the state from `mt[0] = 0`, which is
  /// `std::mt19937(0)`, whose first output is 2357136044.
  @Test func seedsAreMaskedToLow32BitsAfterTheZeroTest() {
    var twoTo32 = MersenneTwister(seed: 1 << 32)
    #expect(twoTo32.next() == 2_357_136_044)

    var a = MersenneTwister(seed: 1 << 32)
    var zero = MersenneTwister(seed: 0)
    var same = 0
    for _ in 0..<10 where a.next() == zero.next() {
      same += 1
    }
    #expect(same < 10)

    for (wide, narrow) in [
      ((UInt64(1) << 32) + 5489, UInt64(5489)), (UInt64.max, UInt64(UInt32.max)),
      ((UInt64(7) << 40) | 12345, UInt64(12345)),
    ] {
      var w = MersenneTwister(seed: wide)
      var n = MersenneTwister(seed: narrow)
      for _ in 0..<1000 {
        #expect(w.next() == n.next())
      }
    }
  }

  /// A copy of a generator is an independent value that replays the stream.
  @Test func copiesForkTheStream() {
    var g = MersenneTwister(seed: 99)
    for _ in 0..<700 {
      _ = g.next()
    }
    var copy = g
    var first: [UInt32] = []
    for _ in 0..<1000 {
      first.append(g.next())
    }
    for value in first {
      #expect(copy.next() == value)
    }
  }

  // MARK: - Doubles

  /// `gsl_rng_uniform` for MT19937 is `get / 4294967296.0`.
  @Test func uniformIsOutputOver2To32() {
    var g = MersenneTwister(seed: 2024)
    var parallel = MersenneTwister(seed: 2024)
    for _ in 0..<10_000 {
      let u = g.uniform()
      #expect(u == Double(parallel.next()) / 4_294_967_296.0)
      #expect(u >= 0 && u < 1)
    }
  }

  /// `gsl_rng_uniform_pos` redraws exact zeros; otherwise it is `uniform`.
  @Test func uniformPositiveIsUniformWithoutZero() {
    var g = MersenneTwister(seed: 31)
    var parallel = MersenneTwister(seed: 31)
    for _ in 0..<10_000 {
      var expected = parallel.uniform()
      while expected == 0 {
        expected = parallel.uniform()
      }
      let u = g.uniformPositive()
      #expect(u == expected)
      #expect(u > 0 && u < 1)
    }
  }

  /// `gsl_ran_flat` (randist/flat.c) is `a * (1 - u) + b * u`.
  @Test func flatFollowsGSLFormula() {
    var g = MersenneTwister(seed: 8)
    var parallel = MersenneTwister(seed: 8)
    let bounds: [(Double, Double)] = [(-1, 1), (-3.25, 1.5), (0, 10), (-0.1, 0.1)]
    for _ in 0..<2500 {
      for (a, b) in bounds {
        let u = parallel.uniform()
        let x = g.flat(from: a, to: b)
        #expect(x == a * (1 - u) + b * u)
        #expect(x >= a && x < b)
      }
    }
  }

  /// `gsl_ran_flat` after `gsl_rng_set(r, 0)`, printed with `%a` by GSL 2.7.1.
  @Test func flatMatchesGSLBits() {
    var g = MersenneTwister(seed: 0)
    #expect(g.flat(from: -1, to: 1) == 0x1.ffbc4d1p-1)
    #expect(g.flat(from: -0.5, to: 2) == -0x1.7bcd8948p-4)
    #expect(g.flat(from: -0.1, to: 0.1) == -0x1.6428b36ccccccp-5)
  }

  // MARK: - Integers

  /// `gsl_rng_uniform_int` (gsl_rng.h) replayed on a second generator:
  /// `scale = (max - min) / n` with `max - min = 2³² − 1`, then draw
  /// `k = get / scale` until `k < n`.
  @Test(arguments: [UInt32(1), 2, 3, 7, 10, 1000, 65_537, 2_147_483_649, UInt32.max])
  func uniformIntReplaysGSLRejection(n: UInt32) {
    var g = MersenneTwister(seed: UInt64(n) &+ 17)
    var parallel = MersenneTwister(seed: UInt64(n) &+ 17)
    let range: UInt64 = 0xffff_ffff
    let scale = range / UInt64(n)
    for _ in 0..<2000 {
      var k: UInt64
      repeat {
        k = UInt64(parallel.next()) / scale
      } while k >= UInt64(n)
      let drawn = g.uniformInt(below: n)
      #expect(UInt64(drawn) == k)
      #expect(drawn < n)
    }
  }

  /// `gsl_rng_uniform_int(r, 1000)` after `gsl_rng_set(r, 7)`, from GSL 2.7.1.
  @Test func uniformIntMatchesGSLValues() {
    var g = MersenneTwister(seed: 7)
    let expected: [UInt32] = [76, 227, 779, 318, 438, 978, 723, 455]
    for value in expected {
      #expect(g.uniformInt(below: 1000) == value)
    }
  }

  /// Counts over 10 bins are uniform: Pearson's χ² with 9 degrees of
  /// freedom has mean 9 and standard deviation √18 ≈ 4.2; 60 is 12 standard
  /// deviations out (p < 1e-8), so only a real bias fails.
  @Test func uniformIntIsRoughlyUniform() {
    var g = MersenneTwister(seed: 123_456)
    let bins = 10
    let draws = 100_000
    var counts = [Int](repeating: 0, count: bins)
    for _ in 0..<draws {
      counts[Int(g.uniformInt(below: UInt32(bins)))] += 1
    }
    let expected = Double(draws) / Double(bins)
    var chiSquare = 0.0
    for count in counts {
      let d = Double(count) - expected
      chiSquare += d * d / expected
    }
    #expect(chiSquare < 60)
  }

  /// n = 0 has no valid result; GSL reports an error, the kernel traps.
  @Test func uniformIntBelowZeroTraps() async {
    await #expect(processExitsWith: .failure) {
      var g = MersenneTwister(seed: 1)
      _ = g.uniformInt(below: 0)
    }
  }

  // MARK: - Shuffle

  /// `gsl_ran_shuffle` (randist/shuffle.c), replayed by hand: for
  /// i = n−1 down to 1, j = gsl_rng_uniform_int(r, i+1), swap(i, j).
  @Test(arguments: [0, 1, 2, 3, 10, 57])
  func shuffleReplaysGSLSwaps(count: Int) {
    var g = MersenneTwister(seed: 4242)
    var parallel = MersenneTwister(seed: 4242)
    var shuffled = Array(0..<count)
    g.shuffle(&shuffled)

    var expected = Array(0..<count)
    var i = count - 1
    while i > 0 {
      let j = Int(parallel.uniformInt(below: UInt32(i + 1)))
      let t = expected[i]
      expected[i] = expected[j]
      expected[j] = t
      i -= 1
    }
    #expect(shuffled == expected)
    // Both generators consumed the same number of outputs.
    #expect(g.next() == parallel.next())
  }

  /// `gsl_ran_shuffle` of 0…9 after `gsl_rng_set(r, 42)`, from GSL 2.7.1.
  @Test func shuffleMatchesGSLPermutation() {
    var g = MersenneTwister(seed: 42)
    var a = Array(0..<10)
    g.shuffle(&a)
    #expect(a == [5, 0, 6, 2, 9, 4, 1, 8, 7, 3])
  }

  @Test func shuffleIsAPermutationAndDeterministic() {
    for seed: UInt64 in [0, 1, 77, 1 << 40] {
      var g1 = MersenneTwister(seed: seed)
      var g2 = MersenneTwister(seed: seed)
      var a = Array(0..<500)
      var b = Array(0..<500)
      g1.shuffle(&a)
      g2.shuffle(&b)
      #expect(a == b)
      #expect(a.sorted() == Array(0..<500))
      #expect(a != Array(0..<500))
    }
  }

  /// Positions count from `startIndex`: a slice shuffles like an array with
  /// the same elements.
  @Test func shuffleOfSliceMatchesShuffleOfArray() {
    var whole = Array(100..<130)
    var slice = whole[10..<20]
    var copy = Array(slice)
    var g1 = MersenneTwister(seed: 5)
    var g2 = MersenneTwister(seed: 5)
    g1.shuffle(&slice)
    g2.shuffle(&copy)
    #expect(Array(slice) == copy)
    whole[10..<20] = slice
    #expect(whole.sorted() == Array(100..<130))
  }

  /// The `InlineArray` overload makes the same swaps as the collection one.
  @Test func shuffleOfInlineArrayMatchesShuffleOfArray() {
    var inline: InlineArray<12, Int> = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]
    var array = Array(0..<12)
    var g1 = MersenneTwister(seed: 2718)
    var g2 = MersenneTwister(seed: 2718)
    g1.shuffle(&inline)
    g2.shuffle(&array)
    for i in 0..<12 {
      #expect(inline[i] == array[i])
    }
  }

  // MARK: - Initialization schemes

  @Suite struct InitializationSchemes {
    /// r = √(6 / (fanIn + fanOut)) and r = √(6 / fanIn), worked by hand;
    /// the square root is correctly rounded, so these are exact.
    @Test func radiiComputedByHand() {
      // √(6 / 3) = √2
      #expect(Initialization.xavier.radius(fanIn: 2, fanOut: 1) == 1.4142135623730951)
      // √(6 / 8) = √0.75 = √3 / 2
      #expect(Initialization.xavier.radius(fanIn: 4, fanOut: 4) == 0.8660254037844386)
      // √(6 / 6) = 1
      #expect(Initialization.xavier.radius(fanIn: 5, fanOut: 1) == 1)
      // √(6 / 2) = √3; fan-out does not matter.
      #expect(Initialization.he.radius(fanIn: 2, fanOut: 1) == 1.7320508075688772)
      #expect(Initialization.he.radius(fanIn: 2, fanOut: 100) == 1.7320508075688772)
      // √(6 / 6) = 1
      #expect(Initialization.he.radius(fanIn: 6, fanOut: 3) == 1)
      #expect(Initialization.uniform(radius: 0.5).radius(fanIn: 9, fanOut: 9) == 0.5)
    }

    @Test func schemesCompareByValue() {
      #expect(Initialization.uniform(radius: 0.5) == .uniform(radius: 0.5))
      #expect(Initialization.uniform(radius: 0.5) != .uniform(radius: 0.25))
      #expect(Initialization.xavier != .he)
    }

    /// One weight is `flat(-r, r)`: one output of the generator.
    @Test(arguments: [Initialization.uniform(radius: 0.3), .xavier, .he])
    func sampleIsFlatOverPlusMinusRadius(scheme: Initialization) {
      var g = MersenneTwister(seed: 11)
      var parallel = MersenneTwister(seed: 11)
      let r = scheme.radius(fanIn: 3, fanOut: 2)
      for _ in 0..<1000 {
        let u = parallel.uniform()
        let w = scheme.sample(fanIn: 3, fanOut: 2, using: &g)
        #expect(w == -r * (1 - u) + r * u)
        #expect(w >= -r && w < r)
      }
    }

    /// Over 10⁶ draws, mean ≈ 0 and variance ≈ r²/3, each within 5
    /// standard errors: SE(mean) = √(r²/3 / N); for the sample variance,
    /// Var(x²) = E x⁴ − (E x²)² = r⁴/5 − r⁴/9 = 4r⁴/45, so
    /// SE(variance) ≈ √(4r⁴/45 / N).
    @Test(arguments: [
      (Initialization.uniform(radius: 0.5), 4, 4),
      (Initialization.xavier, 2, 1),
      (Initialization.xavier, 64, 32),
      (Initialization.he, 8, 4),
    ])
    func sampleMomentsMatchTheory(scheme: Initialization, fanIn: Int, fanOut: Int) {
      var g = MersenneTwister(seed: 20_250_101)
      let r = scheme.radius(fanIn: fanIn, fanOut: fanOut)
      let n = 1_000_000
      var sum = 0.0
      var sumSquares = 0.0
      for _ in 0..<n {
        let w = scheme.sample(fanIn: fanIn, fanOut: fanOut, using: &g)
        sum += w
        sumSquares += w * w
      }
      let count = Double(n)
      let mean = sum / count
      let variance = sumSquares / count - mean * mean
      let theoreticalVariance = r * r / 3
      let meanSE = (theoreticalVariance / count).squareRoot()
      let varianceSE = (4 * r * r * r * r / 45 / count).squareRoot()
      #expect(abs(mean) < 5 * meanSE)
      #expect(abs(variance - theoreticalVariance) < 5 * varianceSE)
    }
  }
}
