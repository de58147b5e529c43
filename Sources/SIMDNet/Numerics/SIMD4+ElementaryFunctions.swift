/// Elementary functions on four lanes at once: `exp`, `expMinusOne`, `log`,
/// `log(onePlus:)`, `tanh` and the logistic `sigmoid`.
///
/// The kernel cannot call libm (Glibc is not importable in Embedded Swift), and
/// libm's results differ between versions, so these are the kernel's own. Every
/// function is branch-free (but `sigmoid`, whose one branch chooses between
/// two ways to the same bits): each lane takes the same sequence of IEEE-754
/// basic operations (`+ - * /`, comparisons, selects and integer bit
/// manipulation), written in a fixed order and never relying on the compiler
/// to fuse a multiply and an add. The results are therefore the same bits in
/// every build (debug or release, with or without `-target-cpu haswell`) and on
/// every machine with IEEE-754 double arithmetic in round-to-nearest mode with
/// subnormals kept (no flush-to-zero). Special inputs are handled with lane
/// masks, so the four lanes are independent: a NaN in one lane never disturbs
/// the others. A NaN result is always the default quiet NaN (`Double.nan`),
/// whatever the payload of the input, because payload propagation depends on
/// operand order, which the optimiser may change.
///
/// Polynomial coefficients are minimax (Remez) fits made for this file with
/// mpmath at 60 digits, rounded to the nearest double. "Measured" errors below
/// are the worst over tens of millions of points, against glibc's long-double
/// functions (whose own error is about 2^−11 ulp of a double); see
/// `ElementaryFunctionTests`.
extension SIMD4 where Scalar == Double {

  // MARK: - exp and expMinusOne

  /// The exponential function, `e^x`, lane by lane.
  ///
  /// Method: Cody–Waite range reduction `x = n·ln 2 + r` with `n` the integer
  /// nearest to `x/ln 2` (found with the round-to-nearest "magic number"
  /// `0x1.8p52`, so no conversion or `rounded()` call is needed) and
  /// `|r| ≤ ln 2 / 2`. `ln 2` is split into a 32-bit head, so that `n·ln2Hi` and
  /// `x − n·ln2Hi` are exact, and a tail; the rounding error of `r` is kept and
  /// added back. Then `e^r = 1 + r + r²/2 + r³·Q(r)` with a degree-9 minimax
  /// `Q` (relative error 5e-17, Estrin's scheme), summed so that `1 + r` is
  /// exact in two parts and only the last addition rounds noticeably (Swift
  /// never fuses `a * b + c`, so none of this needs an FMA, which would be a
  /// libm call without AVX2 flags). Finally the result is scaled
  /// by `2^n` as two factors `2^n₁·2^n₂`, built from bit patterns: the first
  /// multiplication is exact and the second rounds once, which gives correct
  /// subnormal results and overflow exactly at the IEEE threshold.
  ///
  /// Accuracy: below 1 ulp. Measured worst 0.62 ulp for normal results;
  /// 0.77 ulp for subnormal results, which are rounded twice (to 53 bits,
  /// then to the subnormal's precision).
  ///
  /// Special values: NaN → NaN; `+∞` → `+∞`; `−∞` → `0`; `±0` → `1`;
  /// `x > 709.782712893384` → `+∞` (IEEE overflow); subnormal results for
  /// `−745.13 < x < −708.39`; `x ≤ −745.1332191019412` → `0`.
  @inlinable
  public static func exp(_ x: Self) -> Self {
    _exp(x)
  }

  /// The body of `exp(_:)`, always inlined, so that `sigmoid` gets it inline
  /// (a call passes `SIMD4<Double>` as two halves) while other callers of the
  /// public `exp` choose for themselves.
  @inlinable @inline(__always)
  internal static func _exp(_ x: Self) -> Self {
    // Beyond these bounds the result is certainly ±∞/0; clamping keeps `n`
    // small enough for the bit-pattern construction of 2^n. NaN passes
    // through (comparisons with NaN are false).
    let xc = x.replacing(with: 710, where: x .> 710)
      .replacing(with: -746, where: x .< -746)
    let (n, r, rLow) = _expReduce(xc)
    // NaN payloads would otherwise depend on operand order and on the build.
    return _scaleByPowerOfTwo(_expOfReduced(r, rLow), n).replacing(with: .nan, where: x .!= x)
  }

  /// `e^(r + rLow)` for the reduced argument of `_expReduce`, in `[0.70, 1.42]`.
  @inlinable @inline(__always)
  internal static func _expOfReduced(_ r: Self, _ rLow: Self) -> Self {
    // e^(r + rLow) = 1 + r + (r²/2 + r³·Q(r)) + (1 + r)·rLow, with 1 + r split
    // exactly (Fast2Sum, |1| ≥ |r|) and everything else added to its error:
    // the last addition is the only rounding that counts. (Here, unlike in
    // `expMinusOne`, rounding r² costs only ~0.05 ulp.)
    let (r2, q) = _expPolynomial(r)
    let t = r2 * (0.5 + r * q)
    let head = 1 + r
    let headError = r - (head - 1)
    return head + (headError + (t + (rLow + rLow * r)))
  }

  /// `exp(_:)` for lanes with `|x| ≤ 700` (no NaN): the same operations, so
  /// the same bits, without what only other inputs need. No clamping and no
  /// NaN select; and since `e^x` is then a normal number, the scaling by
  /// `2^n` — exact there — adds `n` to the exponent field of the bit
  /// pattern: one integer addition instead of two multiplications, all off
  /// the reduction's dependency chain but that addition.
  ///
  /// `n` comes from the round-to-nearest shifter: `x·log2(e) + 1.5·2^52`
  /// holds `2^52 + 2^51 + n` exactly, so its bit pattern shifted left by 52
  /// is `n·2^52` modulo `2^64`, what the exponent field needs.
  @inlinable @inline(__always)
  internal static func _expOfModerate(_ x: Self) -> Self {
    let magic = 0x1.8p52
    let shifted = x * _log2e + magic
    let n = shifted - magic
    let (r, rLow) = _expReduce(x, n: n)
    let y = unsafeBitCast(_expOfReduced(r, rLow), to: SIMD4<UInt64>.self)
    let exponent = unsafeBitCast(shifted, to: SIMD4<UInt64>.self) &<< 52
    return unsafeBitCast(y &+ exponent, to: Self.self)
  }

  /// `e^x − 1`, lane by lane, accurate also near `x = 0` where `exp(x) − 1`
  /// would cancel.
  ///
  /// Method: the reduction and polynomial of `exp` (`x = n·ln 2 + r`,
  /// `e^r − 1 = r + h + l` with `h = r²/2` rounded to an exact head), then
  /// `e^x − 1 = 2^n·((1 − 2^−n) + r + h + l)`. The sum in the parentheses is
  /// formed with error-free transformations (TwoSum for `1 − 2^−n`, Fast2Sum
  /// for adding `r` and `h`), so it is rounded essentially once; the scaling
  /// by `2^n` (two factors, as in `exp`) is exact except at overflow. This
  /// keeps one formula, without branches, for tiny `x` (where `n = 0`), for
  /// `x` near `±ln 2` (where the terms cancel) and for large `|x|`.
  ///
  /// Accuracy: below 1 ulp (measured worst 0.62 ulp).
  ///
  /// Special values: NaN → NaN; `+∞` → `+∞`; `−∞` → `−1`; `±0` → `±0`;
  /// subnormal `x` → `x`; `x > 709.782712893384` → `+∞`;
  /// `x ≤ −37.5` → `−1`.
  @inlinable
  public static func expMinusOne(_ x: Self) -> Self {
    _expMinusOne(x)
  }

  /// The body of `expMinusOne(_:)`, always inlined into `tanh`.
  @inlinable @inline(__always)
  internal static func _expMinusOne(_ x: Self) -> Self {
    // Below −40 the result rounds to −1; above 710 it overflows.
    let xc = x.replacing(with: 710, where: x .> 710)
      .replacing(with: -40, where: x .< -40)
    let (n, r, rLow) = _expReduce(xc)
    // e^(r + rLow) − 1 = r + h + l: h = r²/2 cut to an exact head
    // (rounding r² would cost up to 0.3 ulp where the result is small), and
    // l = the rest of r²/2 + r³·Q(r) + e^r·rLow (with e^r ≈ 1 + r + r²/2;
    // adding only rLow would cost up to 0.35 ulp).
    let (r2, q) = _expPolynomial(r)
    let (h, hLow) = _halfSquare(r)
    let l = (hLow + r2 * (r * q)) + (rLow + rLow * (r + h))
    // u = 2^−n, as a product of two powers of two so that 2^−1024 (subnormal)
    // is exact too.
    let n1 = _roundedToIntegral(n * 0.5)
    let n2 = n - n1
    let u = _powerOfTwo(-n1) * _powerOfTwo(-n2)
    // a + aError = 1 − u exactly (TwoSum: u may be larger or smaller than 1).
    let a = 1 - u
    let aBack = a - 1
    let aError = (1 - (a - aBack)) - (u + aBack)
    // b + bError = a + r exactly (Fast2Sum: a = 0 or |a| ≥ 1/2 > |r|).
    let b = a + r
    let bError = r - (b - a)
    // c + cError = b + h exactly (Fast2Sum: for n = 0, b = r and
    // h ≈ r²/2 < |r|; otherwise |b| ≥ 0.15 > 0.061 ≥ h).
    let c = b + h
    let cError = h - (c - b)
    let inner = c + (((bError + aError) + cError) + l)
    let y = inner * _powerOfTwo(n1) * _powerOfTwo(n2)
    // ±0 must keep its sign (0 + −0 would give +0); NaN payloads would
    // otherwise depend on operand order and on the build.
    return y.replacing(with: x, where: x .== 0)
      .replacing(with: .nan, where: x .!= x)
  }

  /// Cody–Waite reduction for `exp`: returns `n` (an integral Double), and
  /// `r + rLow = x − n·ln 2` where `r` is the rounded value and `rLow` its
  /// rounding error. Requires `|x| ≤ 746` (or NaN).
  @inlinable @inline(__always)
  internal static func _expReduce(_ x: Self) -> (n: Self, r: Self, rLow: Self) {
    let n = _roundedToIntegral(x * _log2e)
    let (r, rLow) = _expReduce(x, n: n)
    return (n, r, rLow)
  }

  /// `log2(e)` rounded to a double: `n` is the integer nearest to `x·_log2e`.
  @inlinable
  internal static var _log2e: Double { 0x1.71547652b82fep0 }

  /// The rest of `_expReduce(_:)`, from `n`: `r + rLow = x − n·ln 2`.
  @inlinable @inline(__always)
  internal static func _expReduce(_ x: Self, n: Self) -> (r: Self, rLow: Self) {
    // ln 2 = ln2Hi + ln2Lo; ln2Hi has 32 significant bits, so n·ln2Hi is exact
    // for |n| < 2^21, and x − n·ln2Hi is exact (Sterbenz) since x ≈ n·ln 2.
    let ln2Hi = 0x1.62e42feep-1
    let ln2Lo = 0x1.a39ef35793c76p-33
    let hi = x - n * ln2Hi
    let lo = n * ln2Lo
    let r = hi - lo
    // Fast2Sum error of hi − lo; when |hi| < |lo| both are tiny and the
    // (then inexact) correction is negligible.
    let rLow = (hi - r) - lo
    return (r, rLow)
  }

  /// `r²` and `Q(r)` for `|r| ≤ 0.34658`, where
  /// `e^r = 1 + r + r²/2 + r³·Q(r)`: `Q` is a degree-9 minimax fit of
  /// `(e^r − 1 − r − r²/2)/r³` (relative error 4.7e-17), evaluated by Estrin's
  /// scheme (shorter dependency chains than Horner).
  @inlinable @inline(__always)
  internal static func _expPolynomial(_ r: Self) -> (r2: Self, q: Self) {
    let c0 = 0x1.5555555555556p-3
    let c1 = 0x1.5555555555554p-5
    let c2 = 0x1.11111111109c8p-7
    let c3 = 0x1.6c16c16c180f0p-10
    let c4 = 0x1.a01a01a7b4542p-13
    let c5 = 0x1.a01a0198b41d6p-16
    let c6 = 0x1.71de0dea209f0p-19
    let c7 = 0x1.27e502bffcb78p-22
    let c8 = 0x1.af381e78c7853p-26
    let c9 = 0x1.1f29ffc34bfd4p-29
    let r2 = r * r
    let r4 = r2 * r2
    let r8 = r4 * r4
    let p01 = c0 + c1 * r
    let p23 = c2 + c3 * r
    let p45 = c4 + c5 * r
    let p67 = c6 + c7 * r
    let p89 = c8 + c9 * r
    let p03 = p01 + p23 * r2
    let p47 = p45 + p67 * r2
    let p07 = p03 + p47 * r4
    return (r2, p07 + p89 * r8)
  }

  /// `x²/2` as `h + l` where `h = (x₁/2)·x₁` is exact (`x₁` is `x` with its
  /// low 27 significand bits cleared, so `x₁²` fits in 52 bits) and
  /// `l = ((x − x₁)/2)·(x + x₁)` is far smaller (`|x − x₁| < 2^−25·|x|`), so
  /// its rounding does not matter. Dekker's splitting without an FMA, in 7
  /// operations.
  @inlinable @inline(__always)
  internal static func _halfSquare(_ x: Self) -> (h: Self, l: Self) {
    let bits = unsafeBitCast(x, to: SIMD4<UInt64>.self)
    let x1 = unsafeBitCast(bits & 0xffff_ffff_f800_0000, to: Self.self)
    let x2 = x - x1
    return ((0.5 * x1) * x1, (0.5 * x2) * (x + x1))
  }

  /// Rounds each lane to the nearest integer (ties to even) for
  /// `|x| < 2^51`, by adding and subtracting `0x1.8p52`: the addition rounds
  /// away the fraction. NaN stays NaN.
  @inlinable @inline(__always)
  internal static func _roundedToIntegral(_ x: Self) -> Self {
    let magic = 0x1.8p52
    return (x + magic) - magic
  }

  /// `2^n` for integral `n` in `−1022...1023`, built from the bit pattern
  /// `(n + 1023) << 52`. The integer is read from the low bits of
  /// `n + 0x1.8p52 + 1023`, so no float-to-integer conversion is needed (those
  /// do not vectorise on AVX2). Other inputs give an unspecified value, never
  /// a trap.
  @inlinable @inline(__always)
  internal static func _powerOfTwo(_ n: Self) -> Self {
    let biased = n + (0x1.8p52 + 1023)
    let bits = unsafeBitCast(biased, to: SIMD4<UInt64>.self) &<< 52
    return unsafeBitCast(bits, to: Self.self)
  }

  /// `y·2^n` for integral `n` in `−1078...1025`, as `(y·2^n₁)·2^n₂` with
  /// `n₁ ≈ n₂ ≈ n/2`: for `y` in `[1/2, 2]` the first product is exact and
  /// normal, so the result is rounded once, also into the subnormal range and
  /// at overflow.
  @inlinable @inline(__always)
  internal static func _scaleByPowerOfTwo(_ y: Self, _ n: Self) -> Self {
    let n1 = _roundedToIntegral(n * 0.5)
    let n2 = n - n1
    return y * _powerOfTwo(n1) * _powerOfTwo(n2)
  }

  // MARK: - log and log(onePlus:)

  /// The natural logarithm, lane by lane.
  ///
  /// Method: `x = 2^k·m` with `m` in `[√½, √2)`, read from the bit pattern
  /// (subnormal `x` are first multiplied by `2^54`). With `f = m − 1` and
  /// `s = f/(2 + f)`, `log(1 + f) = 2·atanh(s) = f − f²/2 + s·(f²/2 + R(s²))`,
  /// `R(z) = z·P(z)` with a degree-6 minimax `P` (relative error 4.5e-16, which
  /// is scaled down by `s²` in the result). `k·ln 2` uses the same head/tail
  /// split of `ln 2` as `exp`; `k·ln2Hi + f` is added exactly (Fast2Sum) and all
  /// the small terms are added to its error before the last rounding.
  ///
  /// Accuracy: below 1 ulp (measured worst 0.68 ulp, subnormal `x`
  /// included).
  ///
  /// Special values: NaN → NaN; `x < 0` (including `−∞`) → NaN; `±0` → `−∞`;
  /// `+∞` → `+∞`; `1` → `+0`; subnormal `x` → their logarithm (down to
  /// `log(2^−1074) ≈ −744.44`).
  @inlinable
  public static func log(_ x: Self) -> Self {
    let isSubnormal = x .< 0x1p-1022
    let scaled = x.replacing(with: x * 0x1p54, where: isSubnormal)
    let exponentOffset = Self(repeating: 0).replacing(with: -54, where: isSubnormal)
    let y = _log(
      scaled, exponentOffset: exponentOffset, minusOne: x - 1, correction: .zero)
    return y.replacing(with: .infinity, where: x .== .infinity)
      .replacing(with: -.infinity, where: x .== 0)
      .replacing(with: .nan, where: .!(x .>= 0))
  }

  /// `log(1 + x)`, lane by lane, accurate also near `x = 0` where
  /// `log(1 + x)` would lose the low bits of `x`.
  ///
  /// Method: the decomposition and polynomial of `log(_:)` applied to
  /// `u = 1 + x`. Where `u` is in `[√½, √2)` (about `−0.29 ≤ x < 0.41`) the
  /// exact `f = x` is used instead of `u − 1`, so small `x` lose nothing.
  /// Elsewhere `u` is rounded, but its rounding error `δ` is recovered exactly
  /// (TwoSum) and `log(1 + x) = log(u + δ) ≈ log(u) + δ/u` (the classic
  /// correction `(x − (u − 1))/u`); the correction is added among the small
  /// terms of `log(u)`, so the result is still rounded once at the end.
  ///
  /// Accuracy: below 1 ulp (measured worst 0.71 ulp).
  ///
  /// Special values: NaN → NaN; `x < −1` (including `−∞`) → NaN; `−1` → `−∞`;
  /// `+∞` → `+∞`; `±0` → `±0`; subnormal `x` → `x`.
  @inlinable
  public static func log(onePlus x: Self) -> Self {
    let u = 1 + x
    let uBack = u - 1
    let uError = (1 - (u - uBack)) + (x - uBack)
    let y = _log(u, exponentOffset: .zero, minusOne: x, correction: uError / u)
    return y.replacing(with: x, where: x .== 0)
      .replacing(with: .infinity, where: x .== .infinity)
      .replacing(with: -.infinity, where: u .== 0)
      .replacing(with: .nan, where: .!(x .>= -1))
  }

  /// `log(x·2^exponentOffset) + correction` for positive normal finite `x`
  /// and a `correction` far below `ulp(result)`, except in the lanes where `x`
  /// is in `[√½, √2)` and `exponentOffset` is 0: there the result is
  /// `log(1 + minusOne)`, with `minusOne` the exact value that `x − 1`
  /// approximates (for `log(onePlus:)`, the argument itself, so that small
  /// arguments lose nothing to the rounding of `1 + x`).
  @inlinable @inline(__always)
  internal static func _log(
    _ x: Self, exponentOffset: Self, minusOne: Self, correction: Self
  ) -> Self {
    let ln2Hi = 0x1.62e42feep-1
    let ln2Lo = 0x1.a39ef35793c76p-33
    // Adding 1.0 − √½ (as bit patterns) makes the exponent field step up
    // exactly where the mantissa reaches √2, so m = (mantissa of the shifted
    // pattern) + √½ lies in [√½, √2) and k is the shifted exponent field.
    let sqrtHalfBits: UInt64 = 0x3fe6_a09e_667f_3bcd
    let bits = unsafeBitCast(x, to: SIMD4<UInt64>.self)
    let shifted = bits &+ (0x3ff0_0000_0000_0000 &- sqrtHalfBits)
    let mantissaMask: UInt64 = 0x000f_ffff_ffff_ffff
    let m = unsafeBitCast((shifted & mantissaMask) &+ sqrtHalfBits, to: Self.self)
    // Exponent field (0...2047) to Double through the bits of 2^52 + e.
    let e = unsafeBitCast((shifted &>> 52) | 0x4330_0000_0000_0000, to: Self.self)
    let k = (e - (0x1p52 + 1023)) + exponentOffset

    let kIsZero = k .== 0
    // m − 1 is exact (Sterbenz).
    let f = (m - 1).replacing(with: minusOne, where: kIsZero)
    let c = correction.replacing(with: 0, where: kIsZero)
    let s = f / (2 + f)
    let z = s * s
    let w = z * z
    let p0 = 0x1.5555555555558p-1
    let p1 = 0x1.99999999951e7p-2
    let p2 = 0x1.2492492e01c21p-2
    let p3 = 0x1.c71c62d709d27p-3
    let p4 = 0x1.7462b7b180eb3p-3
    let p5 = 0x1.39fe140b1df6dp-3
    let p6 = 0x1.2b5b22c7f3f76p-3
    // Estrin's scheme in z.
    let p01 = p0 + p1 * z
    let p23 = p2 + p3 * z
    let p45 = p4 + p5 * z
    let p03 = p01 + p23 * w
    let p46 = p45 + p6 * w
    let p = p03 + p46 * (w * w)
    let rz = z * p
    // f²/2 (up to 0.086) as an exact head plus a tiny tail.
    let (fh, fl) = _halfSquare(f)

    // hi + hiError = k·ln2Hi + f exactly (Fast2Sum: k = 0, or |k·ln2Hi| ≥
    // ln 2 > |f|).
    let kHi = k * ln2Hi
    let hi = kHi + f
    let hiError = f - (hi - kHi)
    // mid + midError = hi − fh exactly (Fast2Sum: |hi| ≥ 0.27 > fh for k ≠ 0,
    // and |f| > f²/2 for k = 0).
    let mid = hi - fh
    let midError = (hi - mid) - fh
    let small = s * ((fh + fl) + rz) + (k * ln2Lo + c)
    let low = (small - fl) + (hiError + midError)
    return mid + low
  }

  // MARK: - tanh and sigmoid

  /// The hyperbolic tangent, lane by lane.
  ///
  /// Method: with `t = expMinusOne(−2|x|)` (in `(−1, 0]`, so nothing
  /// overflows), `tanh|x| = (1 − e^−2|x|)/(1 + e^−2|x|) = −t/(2 + t)`; the sign
  /// of `x` is copied onto the result. Using `expMinusOne` rather than `exp`
  /// keeps the relative error small near 0, where `tanh x ≈ x`.
  ///
  /// Accuracy: within 2 ulps (measured worst 1.93 ulp): `t`'s error is
  /// amplified by up to 2 and the division rounds; the rounding of `2 + t` is
  /// corrected for.
  ///
  /// Special values: NaN → NaN; `±∞` → `±1`; `±0` → `±0`; subnormal `x` → `x`;
  /// `|x| ≥ 19.07` → `±1`.
  @inlinable
  public static func tanh(_ x: Self) -> Self {
    let signMask: UInt64 = 0x8000_0000_0000_0000
    let bits = unsafeBitCast(x, to: SIMD4<UInt64>.self)
    let magnitude = unsafeBitCast(bits & ~signMask, to: Self.self)
    let t = _expMinusOne(-2 * magnitude)
    // 2 + t rounds (by up to a whole ulp of the result when t ≈ −1); its
    // rounding error e is exact (Fast2Sum) and enters to first order as
    // −q·e/(2 + t) = −q·e·(1 + q)/2, using 1/(2 + t) = (1 + q)/2.
    let d = 2 + t
    let dError = t - (d - 2)
    let q = -t / d
    let y = q - (q * dError) * (0.5 + 0.5 * q)
    let signed = unsafeBitCast(y, to: SIMD4<UInt64>.self) | (bits & signMask)
    return unsafeBitCast(signed, to: Self.self)
      .replacing(with: .nan, where: x .!= x)
  }

  /// The logistic function `σ(x) = 1/(1 + e^−x)`, lane by lane.
  ///
  /// Exactly that formula with this file's `exp`, so its bits are predictable
  /// (three roundings on top of `exp`'s) and can be checked against any other
  /// correctly working `exp` put into the same formula.
  ///
  /// Accuracy: a few ulps (measured worst 2.5 ulp, for `x ≥ −709.78`).
  ///
  /// Special values: NaN → NaN; `+∞` → `1`; `−∞` → `0`; `±0` → `0.5`; for
  /// `x < −709.782712893384` `e^−x` overflows and the result is `0` (the exact
  /// value is below `2^−1024`, a subnormal); never NaN for a non-NaN input,
  /// always in `[0, 1]`.
  ///
  /// Always inlined: it is called per neuron, and an outlined call receives
  /// each vector as two halves on the default target (the measurement is
  /// in the Performance notes article).
  ///
  /// Where every lane is within `±700` (every lane of a trained network, in
  /// practice) the exponential is `_expOfModerate`, the same bits with a
  /// shorter dependency chain (no clamps, no NaN select, `2^n` added to the
  /// exponent); otherwise an outlined call does the general formula. Both
  /// ways compute the same bits: the branch only skips work.
  @inlinable @inline(__always)
  public static func sigmoid(_ x: Self) -> Self {
    // False for NaN, so NaN lanes take the general path.
    let moderate = (x .>= -700) .& (x .<= 700)
    guard all(moderate) else { return _sigmoidOfAnyInput(x) }
    return 1 / (1 + _expOfModerate(-x))
  }

  /// `sigmoid` for any inputs: `1/(1 + exp(−x))` with the general `exp`.
  /// Outlined: inputs beyond `±700` are rare, and the inlined code stays
  /// small.
  @inlinable @inline(never)
  internal static func _sigmoidOfAnyInput(_ x: Self) -> Self {
    1 / (1 + _exp(-x))
  }
}
