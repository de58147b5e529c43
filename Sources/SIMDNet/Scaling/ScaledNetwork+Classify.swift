extension ScaledNetwork {
  /// The class of one example of raw features: the index of its largest
  /// output (`ExampleStorage.indexOfLargest(units:)`: ties to the lowest
  /// index, nil if any output is NaN). Allocates nothing.
  @inlinable
  public func classify(_ example: Base.Input.Scalars) -> Int? {
    predict(example).indexOfLargest(units: Base.Output.width)
  }
}
