/// The softmax across a layer's units, `ŷ_j = e^(z_j) / Σ_k e^(z_k)`, and
/// its Jacobian, for four examples (one per lane) and for one example
/// (units in lanes), with the same bits.
///
/// Computed as `e^(z_j − M) / Σ_k e^(z_k − M)`, `M = max_k z_k`: the same
/// value mathematically, but every exponent is at most 0, so nothing
/// overflows, the largest term is exactly 1 and the sum lies in [1, n].
extension SIMD4 where Scalar == Double {
  /// The softmax of a layer's pre-activations `z`, into `y`, four examples
  /// at once; each lane is one example, independent of the others.
  ///
  /// The maximum is taken in unit order, `e^(z_j − M)` with the kernel's
  /// `exp`, and the sum in unit order from 0, so the one-example pass
  /// (`ExampleStorage.applySoftmax(units:)`) gives the same bits.
  ///
  /// What an example's outputs are for values that are not ordinary numbers:
  ///
  /// | its logits `z` | its outputs `ŷ` |
  /// | --- | --- |
  /// | any NaN | NaN, every unit |
  /// | `k` of them +∞ (no NaN) | 1/k for each +∞ unit, 0 for the rest: the limit as they grow together |
  /// | every one −∞ | 1/n each: the limit of equal logits |
  /// | some −∞, the others finite | 0 for the −∞ units |
  /// | huge, finite | no overflow (every exponent ≤ 0); units more than about 745 below the maximum get 0 |
  @inlinable @inline(__always)
  public static func softmax<Z: LaneStorage, Y: LaneStorage>(_ z: Z, into y: inout Y) {
    var largest = z[feature: 0]
    for j in 1..<z.width {
      let zj = z[feature: j]
      largest = largest.replacing(with: zj, where: zj .> largest)
    }
    var sum = Self.zero
    for j in 0..<z.width {
      let e = Self.exp(softmaxShift(z[feature: j], largest: largest))
      y[feature: j] = e
      sum += e
    }
    for j in 0..<z.width { y[feature: j] = softmaxQuotient(y[feature: j], sum: sum) }
  }

  /// `z − M`, the logit less the example's largest (NaN skipped by the
  /// comparisons that find it), with 0 where `z == M`: each +∞ unit of an
  /// example whose largest logit is +∞ (where `∞ − ∞` would be NaN) and
  /// each unit of an example whose logits are all −∞ weighs `e^0 = 1`.
  @inlinable @inline(__always)
  public static func softmaxShift(_ z: Self, largest: Self) -> Self {
    (z - largest).replacing(with: 0, where: z .== largest)
  }

  /// `e / s`, and the default NaN (`Double.nan`) wherever the sum is NaN,
  /// whatever the payload the division would carry.
  @inlinable @inline(__always)
  public static func softmaxQuotient(_ e: Self, sum: Self) -> Self {
    (e / sum).replacing(with: .nan, where: sum .!= sum)
  }

  /// Turns the upstream gradient `u = ∂Cost/∂ŷ` of a softmax layer into
  /// `∂Cost/∂z` in place, with the full Jacobian `∂ŷ_k/∂z_j = ŷ_k(δ_jk − ŷ_j)`:
  /// `∂Cost/∂z_j = ŷ_j · (u_j − Σ_k u_k·ŷ_k)`, the sum in unit order.
  @inlinable @inline(__always)
  public static func applySoftmaxJacobian<U: LaneStorage, Y: LaneStorage>(
    _ upstream: inout U, output y: Y
  ) {
    var dot = Self.zero
    for k in 0..<y.width { dot += upstream[feature: k] * y[feature: k] }
    for j in 0..<y.width { upstream[feature: j] = y[feature: j] * (upstream[feature: j] - dot) }
  }
}

extension ExampleStorage {
  /// Replaces units `0 ..< count`, one example's logits, by their softmax:
  /// the operations `Lanes.softmax(_:into:)` applies in that example's
  /// lane, in the same order, so the same bits — the exponentials four
  /// units at a time.
  @inlinable @inline(__always)
  public mutating func applySoftmax(units count: Int) {
    var largest = self[unit: 0]
    for j in 1..<count where self[unit: j] > largest { largest = self[unit: j] }
    let broadcast = Lanes(repeating: largest)
    for first in stride(from: 0, to: count, by: 4) {
      let z = Lanes.gathering(count: count - first) { self[unit: first + $0] }
      let e = Lanes.exp(Lanes.softmaxShift(z, largest: broadcast))
      store(e, units: first, count: min(4, count - first))
    }
    var sum = 0.0
    for j in 0..<count { sum += self[unit: j] }
    let total = Lanes(repeating: sum)
    for first in stride(from: 0, to: count, by: 4) {
      let e = Lanes.gathering(count: count - first) { self[unit: first + $0] }
      store(Lanes.softmaxQuotient(e, sum: total), units: first, count: min(4, count - first))
    }
  }
}
