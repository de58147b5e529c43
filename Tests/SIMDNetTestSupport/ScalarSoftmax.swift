import SIMDNet

/// The softmax of one example's logits, written out here from its
/// definition rather than taken from the kernel: `e^(z_j − M) / Σ_k e^(z_k −
/// M)` with `M` the largest logit (NaN skipped), `e^0 = 1` for every unit
/// equal to `M` (so +∞ units share the mass and all −∞ is uniform), the sum
/// in unit order from 0, and every output NaN if any logit is NaN. The
/// exponential is the kernel's `exp` on one lane (it has its own reference
/// tests), so the result is bit for bit what the kernel should give.
public func scalarSoftmax(_ z: [Double]) -> [Double] {
  if z.contains(where: \.isNaN) { return z.map { _ in .nan } }
  var largest = z[0]
  for value in z where value > largest { largest = value }
  let e = z.map { $0 == largest ? 1 : Lanes.exp(Lanes(repeating: $0 - largest))[0] }
  var sum = 0.0
  for value in e { sum = sum + value }
  return e.map { $0 / sum }
}

/// The index of the largest value, the first of equal ones; nil if any is
/// NaN: what `classify` should return, written out.
public func scalarArgmax(_ values: [Double]) -> Int? {
  if values.contains(where: \.isNaN) { return nil }
  var best = 0
  for k in values.indices where values[k] > values[best] { best = k }
  return best
}
