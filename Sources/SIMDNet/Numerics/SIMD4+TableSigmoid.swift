extension SIMD4 where Scalar == Double {
  /// The fast sigmoid: σ(z) = 1 / (1 + e^(−z)) in each lane, by linear
  /// interpolation in a table of 4097 knots.
  ///
  /// ## Method
  ///
  /// `sigmoidKnots[k]` is σ(x_k) rounded correctly to a `Double` at
  /// x_k = −16 + k·h, h = 1/128, k = 0…4096. For each lane:
  ///
  /// 1. `t = (z + 16) · 128`, the position in knot units (exact at every knot;
  ///    elsewhere `z + 16` rounds once, an error below 2⁻⁴⁹ in z).
  /// 2. Clamp: lanes with `!(t ≥ 0)` — below the table, −∞, and NaN — become 0;
  ///    lanes above 4096 (including +∞) become 4096.
  /// 3. Interval index `i = round(min(t − ½, 4095))`, rounded to nearest
  ///    (ties to even) by adding and subtracting 1.5·2⁵², which is exact in
  ///    IEEE double arithmetic (no libm `rint`). This is ⌊t⌋ when t is not an
  ///    integer; at an integer knot n it may be n − 1, which is harmless
  ///    because then the fraction is 1 and the result is still exactly
  ///    `knot[n]`. The `min` keeps `i ≤ 4095`, so `i + 1 ≤ 4096` is always a
  ///    valid knot (for t ∈ [4095, 4096], i = 4095), and t ≥ 0 keeps `i ≥ 0`.
  ///    The integer index is read from the low 12 mantissa bits of
  ///    `min(t − ½, 4095) + 1.5·2⁵²` (masked, which also lets the optimiser
  ///    drop the bounds checks): no float-to-integer conversion, so no trap
  ///    and no dependence on the conversion instructions.
  /// 4. `f = t − i ∈ [0, 1]` (exact) and
  ///    `ŷ = knot[i] + f · (knot[i+1] − knot[i])`.
  ///    Adjacent knots are within a factor of two of each other, so the
  ///    difference is exact (Sterbenz); ŷ is monotone non-decreasing in z and
  ///    stays within [σ(−16), σ(16)] ⊂ (0, 1).
  /// 5. NaN lanes (which used knot 0 for their loads) return the input NaN.
  ///
  /// There is no gather on the target, so each neighbour vector is four
  /// scalar loads. Only IEEE basic operations in a fixed order are used (no
  /// fused multiply-add, no libm), so every build — debug, release, with or
  /// without `-target-cpu haswell`, Embedded — gives the same bits.
  ///
  /// ## Inlining
  ///
  /// `@inline(__always)` matters for clients in other modules: there the
  /// table is reached through its addressor (a `lea; ret` function, since the
  /// table is statically initialised — no `swift_once` with default build
  /// flags). Inlined, that call is hoisted out of loops and shared by every
  /// use in a function, so a loop of sigmoids has no calls; without it the
  /// client calls an outlined copy, which calls the addressor, per vector.
  ///
  /// ## Special values
  ///
  /// | z | result |
  /// | --- | --- |
  /// | NaN | that NaN |
  /// | +∞, and z ≥ 16 | `knot[4096]` = σ(16) ≈ 1 − 1.1254e-7 |
  /// | −∞, and z ≤ −16 | `knot[0]` = σ(−16) ≈ 1.1254e-7 |
  /// | ±0 and subnormals | exactly 0.5 (`knot[2048]`) |
  ///
  /// ## Error
  ///
  /// Inside [−16, 16], linear interpolation between exact values errs by at
  /// most max|σ''| · h² / 8 with max|σ''| = 1/(6√3) ≈ 0.0962 (at
  /// |z| = ln(2 + √3) ≈ 1.317), that is ≤ 7.342e-7. Rounding the knots and
  /// the three operations adds below 1e-15. Outside, clamping errs by at most
  /// σ(−16) = 1 − σ(16) ≈ 1.1254e-7. So |ŷ − σ(z)| ≤ 7.35e-7 < 1e-6 for
  /// every Double z.
  ///
  /// ## Derivative for backpropagation
  ///
  /// Use the lecture's σ' = ŷ(1 − ŷ) from this function's ŷ. With
  /// ŷ = σ + e:
  ///
  ///     ŷ(1 − ŷ) − σ(1 − σ) = e(1 − 2σ) − e² = e(1 − 2ŷ) + e²
  ///
  /// so the error is at most |1 − 2ŷ|·|e| + e² ≤ 7.35e-7 (with |e| ≤ 7.35e-7,
  /// |1 − 2ŷ| < 1). Sharper: the interpolation error at z is at most
  /// h²/8 · max|σ''(ξ)| over its interval, and σ'' = σ'(1 − 2σ), so
  /// |1 − 2σ|·|e| ≤ h²/8 · (max σ'(1 − 2σ)² + h/2 · max|σ''|)
  /// = h²/8 · (1/16 + 0.0962/256) ≈ 4.80e-7. Outside [−16, 16] the error is
  /// below σ(−16) ≈ 1.13e-7. The derivative from the table is thus within
  /// 4.8e-7 of σ'(z) everywhere.
  @inlinable @inline(__always)
  public static func tableSigmoid(_ z: Self) -> Self {
    // Position in knot units, clamped to [0, 4096]; NaN lanes go to 0.
    let position = (z + 16) * 128
    let nonNegative = position.replacing(with: 0, where: .!(position .>= 0))
    let t = nonNegative.replacing(with: 4096, where: nonNegative .> 4096)

    // i = round-to-nearest(min(t − ½, 4095)) via the 1.5·2⁵² shifter.
    let shifter = Self(repeating: 0x1.8p52)
    let tMinusHalf = t - 0.5
    let shifted = tMinusHalf.replacing(with: 4095, where: tMinusHalf .> 4095) + shifter
    let lower = shifted - shifter
    let f = t - lower

    // Low 12 mantissa bits of `shifted` are i ∈ [0, 4095].
    let i0 = Int(truncatingIfNeeded: shifted[0].bitPattern & 0xFFF)
    let i1 = Int(truncatingIfNeeded: shifted[1].bitPattern & 0xFFF)
    let i2 = Int(truncatingIfNeeded: shifted[2].bitPattern & 0xFFF)
    let i3 = Int(truncatingIfNeeded: shifted[3].bitPattern & 0xFFF)
    let left = Self(
      sigmoidKnots[i0], sigmoidKnots[i1], sigmoidKnots[i2], sigmoidKnots[i3])
    let right = Self(
      sigmoidKnots[i0 + 1], sigmoidKnots[i1 + 1], sigmoidKnots[i2 + 1],
      sigmoidKnots[i3 + 1])

    let y = left + f * (right - left)
    return y.replacing(with: z, where: z .!= z)
  }
}
