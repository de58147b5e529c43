/// The class a classifier's outputs name: the index of the largest output,
/// the first of equal largest values (as NumPy's `argmax` picks). NaN
/// outputs are passed over; if every output is NaN the answer is 0.
///
/// Kept apart so that it can merge with the output layer's own argmax.
@inlinable
public func indexOfLargest(_ outputs: some ExampleStorage, count: Int) -> Int {
  var best = -1
  for k in 0..<count where !outputs[unit: k].isNaN {
    if best < 0 || outputs[unit: k] > outputs[unit: best] { best = k }
  }
  return max(best, 0)
}

extension FixedSizeNetwork {
  /// The class of one example (`indexOfLargest(_:count:)` of its prediction);
  /// no allocation.
  @inlinable
  public func classIndex(_ example: Input.Scalars) -> Int {
    indexOfLargest(predict(example), count: Output.width)
  }
}

extension ScaledNetwork {
  /// The class of one example of raw features; no allocation.
  @inlinable
  public func classIndex(_ example: Base.Input.Scalars) -> Int {
    indexOfLargest(predict(example), count: Base.Output.width)
  }
}
