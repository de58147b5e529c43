/// A classifier's answer: the index of its largest output, the class its
/// outputs (softmax probabilities, or one sigmoid per class) name.
extension ExampleStorage {
  /// The index of the largest of units `0 ..< count`. Ties go to the lowest
  /// index (−0 and +0 tie). Nil when any of them is NaN: an example whose
  /// outputs are not all numbers has no class (a NaN logit makes every
  /// softmax output NaN). Allocates nothing.
  @inlinable @inline(__always)
  public func indexOfLargest(units count: Int) -> Int? {
    var best = 0
    for k in 0..<count {
      let value = self[unit: k]
      if value.isNaN { return nil }
      if value > self[unit: best] { best = k }
    }
    return best
  }
}

extension FixedSizeNetwork {
  /// The class of one example: the index of its largest output
  /// (`ExampleStorage.indexOfLargest(units:)`: ties to the lowest index,
  /// nil if any output is NaN), from the one-example pass on a copy of the
  /// network, as `predict(_:)`. Allocates nothing; callable on a constant.
  @inlinable @inline(__always)
  public func classify(_ example: Input.Scalars) -> Int? {
    predict(example).indexOfLargest(units: Output.width)
  }

  /// The class of the example at `input`, read in place, as
  /// `predict(_:into:)` between buffers reads it. Allocates nothing.
  @inlinable @inline(__always)
  public mutating func classify(_ input: UnsafeBufferPointer<Double>) -> Int? {
    precondition(input.count == Input.width, "a buffer of another width")
    var x = Input.Scalars(repeating: 0)
    for i in 0..<Input.width { x[unit: i] = input[i] }
    var y = Output.Scalars(repeating: 0)
    predict(x, into: &y)
    return y.indexOfLargest(units: Output.width)
  }
}
