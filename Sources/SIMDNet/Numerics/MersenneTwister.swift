/// The 32-bit Mersenne Twister MT19937 (Matsumoto & Nishimura, 1998), seeded
/// and consumed exactly as GNU GSL's `gsl_rng_mt19937` does.
///
/// Every output, and every derived value (`uniform`, `uniformInt`, `flat`,
/// `shuffle`), is bit for bit the value GSL returns for the same seed and the
/// same sequence of calls, so the test suite can hold the kernel against GSL
/// and a training run is reproducible on any machine. The 624-word state lives
/// inline (`InlineArray`), so a generator is a plain value with no heap
/// storage; copying it forks the stream.
///
/// Reproduces GSL's `rng/mt.c` (`mt_set`, `mt_get`, `mt_get_double`), the
/// inline functions of `gsl_rng.h` (`gsl_rng_uniform_pos`,
/// `gsl_rng_uniform_int`), `randist/flat.c` (`gsl_ran_flat`) and
/// `randist/shuffle.c` (`gsl_ran_shuffle`).
public struct MersenneTwister: Sendable {
  // Constants as inlinable computed properties rather than `static let`s, so
  // that they fold into the caller with no global-initialisation check.

  /// Degree of recurrence: the number of 32-bit words of state.
  @inlinable static var n: Int { 624 }
  /// Middle word offset of the recurrence.
  @inlinable static var m: Int { 397 }
  /// Twist matrix constant (last row of A).
  @inlinable static var matrixA: UInt32 { 0x9908_b0df }
  /// Most significant w − r bits (the top bit).
  @inlinable static var upperMask: UInt32 { 0x8000_0000 }
  /// Least significant r bits.
  @inlinable static var lowerMask: UInt32 { 0x7fff_ffff }

  /// The 624 words of state (GSL's `mt_state_t.mt`).
  @usableFromInline var state: InlineArray<624, UInt32>
  /// Index of the next word to temper (GSL's `mti`); 624 means "twist first".
  @usableFromInline var index: Int

  /// Seeds the generator like `gsl_rng_set(r, seed)` for `gsl_rng_mt19937`
  /// (GSL's `mt_set`, the 2002 reference seeding).
  ///
  /// Seed 0 is replaced by 4357, GSL's default seed, so seeds 0 and 4357
  /// give the same stream. GSL's seed is an `unsigned long` (64 bits on
  /// Linux) and only its low 32 bits enter the state (`mt[0] = s &
  /// 0xffffffff`): seed 2³² is *not* mapped to 4357 (it is nonzero) and
  /// starts from `mt[0] = 0`, while seeds that differ by a multiple of 2³²
  /// (other than through that zero test) give the same stream. The rest of
  /// the state follows Knuth's multiplier,
  /// `mt[i] = 1812433253 · (mt[i−1] ⊕ (mt[i−1] >> 30)) + i  (mod 2³²)`.
  @inlinable
  public init(seed: UInt64) {
    let s = seed == 0 ? 4357 : seed
    state = InlineArray(repeating: 0)
    index = Self.n
    var previous = UInt32(truncatingIfNeeded: s)
    state[0] = previous
    for i in 1..<Self.n {
      previous = 1_812_433_253 &* (previous ^ (previous >> 30)) &+ UInt32(truncatingIfNeeded: i)
      state[i] = previous
    }
  }

  /// Regenerates all 624 words at once (the "twist" of GSL's `mt_get`):
  /// `mt[k] = mt[k + 397] ⊕ (y >> 1) ⊕ (y odd ? 0x9908b0df : 0)` with
  /// `y` = top bit of `mt[k]` | low 31 bits of `mt[k + 1]`, indices mod 624,
  /// in place and in increasing `k` (so late words read updated ones).
  @inlinable
  mutating func twist() {
    let n = Self.n
    let m = Self.m
    for k in 0..<(n - m) {
      let y = (state[k] & Self.upperMask) | (state[k + 1] & Self.lowerMask)
      state[k] = state[k + m] ^ (y >> 1) ^ (y & 1 == 0 ? 0 : Self.matrixA)
    }
    for k in (n - m)..<(n - 1) {
      let y = (state[k] & Self.upperMask) | (state[k + 1] & Self.lowerMask)
      state[k] = state[k + m - n] ^ (y >> 1) ^ (y & 1 == 0 ? 0 : Self.matrixA)
    }
    let y = (state[n - 1] & Self.upperMask) | (state[0] & Self.lowerMask)
    state[n - 1] = state[m - 1] ^ (y >> 1) ^ (y & 1 == 0 ? 0 : Self.matrixA)
    index = 0
  }

  /// The next 32-bit output, uniform on [0, 2³² − 1]: `gsl_rng_get` (GSL's
  /// `mt_get`), a twist every 624 calls followed by MT19937's tempering.
  @inlinable
  public mutating func next() -> UInt32 {
    if index >= Self.n {
      twist()
    }
    var k = state[index]
    index &+= 1
    k ^= k >> 11
    k ^= (k << 7) & 0x9d2c_5680
    k ^= (k << 15) & 0xefc6_0000
    k ^= k >> 18
    return k
  }

  /// A double uniform on [0, 1): `gsl_rng_uniform` (GSL's `mt_get_double`),
  /// `next() / 2³²`. The division is exact, so the result has at most 32
  /// significant bits and never reaches 1.
  @inlinable
  public mutating func uniform() -> Double {
    Double(next()) / 4_294_967_296.0
  }

  /// A double uniform on the open interval (0, 1): `gsl_rng_uniform_pos`,
  /// which draws `uniform()` again while it returns exactly 0 — useful
  /// before a logarithm or a division.
  @inlinable
  public mutating func uniformPositive() -> Double {
    var x: Double
    repeat {
      x = uniform()
    } while x == 0
    return x
  }

  /// An integer uniform on 0 ..< `n`: `gsl_rng_uniform_int(r, n)`.
  ///
  /// GSL's rejection method, unbiased for every `n`: with
  /// `range = max − min = 2³² − 1` and `scale = range / n` (integer
  /// division), it draws `k = next() / scale` until `k < n`. Each accepted
  /// value of `k` covers exactly `scale` outputs, so all `n` values are
  /// equally likely; at most about half of the draws are rejected.
  ///
  /// - Precondition: `n > 0`. GSL reports `n == 0` through its error handler
  ///   (which aborts by default) and would otherwise divide by zero; this
  ///   traps instead of returning a meaningless value. Every `UInt32` is at
  ///   most GSL's `range`, so GSL's other error (`n > range`) cannot occur.
  @inlinable
  public mutating func uniformInt(below n: UInt32) -> UInt32 {
    precondition(n > 0, "uniformInt(below:) needs n > 0")
    let scale = UInt32.max / n
    var k: UInt32
    repeat {
      k = next() / scale
    } while k >= n
    return k
  }

  /// A double uniform on [a, b): `gsl_ran_flat(r, a, b)`, computed as GSL
  /// does, `a · (1 − u) + b · u` with `u = uniform()` (two separate
  /// products and a sum, never a fused multiply-add, so the bits match a C
  /// build without contraction).
  @inlinable
  public mutating func flat(from a: Double, to b: Double) -> Double {
    let u = uniform()
    return a * (1 - u) + b * u
  }

  /// Shuffles `elements` in place exactly as `gsl_ran_shuffle` does, so a
  /// seed gives GSL's permutation: Durstenfeld's form of the Fisher–Yates
  /// shuffle (Knuth, TAOCP vol. 2, Algorithm 3.4.2P), which for
  /// `i = count − 1` down to 1 swaps positions `i` and
  /// `j = uniformInt(below: i + 1)`. Positions count from `startIndex`, so a
  /// slice shuffles like a separate array. No allocation.
  ///
  /// - Precondition: `elements.count <= UInt32.max` (GSL's limit for
  ///   `gsl_rng_uniform_int` with this generator).
  @inlinable
  public mutating func shuffle<C: MutableCollection>(_ elements: inout C)
  where C.Index == Int {
    let start = elements.startIndex
    let count = elements.count
    guard count > 1 else { return }
    precondition(UInt64(count) <= UInt64(UInt32.max), "shuffle: too many elements")
    var i = count - 1
    while i > 0 {
      let j = Int(uniformInt(below: UInt32(truncatingIfNeeded: i + 1)))
      elements.swapAt(start + i, start + j)
      i -= 1
    }
  }

  /// Shuffles a fixed-size `InlineArray` exactly as `gsl_ran_shuffle` does;
  /// see `shuffle(_:)` for collections. No allocation.
  @inlinable
  public mutating func shuffle<let count: Int, Element: ~Copyable>(
    _ elements: inout InlineArray<count, Element>
  ) {
    guard count > 1 else { return }
    precondition(UInt64(count) <= UInt64(UInt32.max), "shuffle: too many elements")
    var i = count - 1
    while i > 0 {
      let j = Int(uniformInt(below: UInt32(truncatingIfNeeded: i + 1)))
      elements.swapAt(i, j)
      i -= 1
    }
  }
}
