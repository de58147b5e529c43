import SIMDNet

extension DatasetFile {
  /// The examples laid out for the kernel, in file order, for `network`:
  /// its input and output widths must match the file's.
  public func dataset<N: Network>(for network: N) throws(ToolError) -> Dataset<
    N.Input, N.Output
  > {
    let (width, outputs) = (network.inputWidth, network.outputWidth)
    guard inputCount == width, outputCount == outputs else {
      throw ToolError(
        "the data has \(ToolError.count(inputCount, "input")) and "
          + "\(ToolError.count(outputCount, "output")), but the network takes "
          + "\(ToolError.count(width, "input")) and gives \(ToolError.count(outputs, "output"))",
        file: path)
    }
    return Dataset(count: exampleCount, inputWidth: width, targetWidth: outputs) { n in
      (
        Self.scalars(inputs[n], as: N.Input.self),
        Self.scalars(targets[n], as: N.Output.self)
      )
    }
  }

  /// `values` as one example's `Scalars`: for the run-time network an
  /// array; otherwise built the only way `LaneVector` allows, from lanes —
  /// put them in lane 0 and read lane 0 back.
  private static func scalars<V: LaneVector>(_ values: ExampleRows.Row, as: V.Type) -> V.Scalars {
    if V.Scalars.self == [Double].self { return Array(values) as! V.Scalars }
    var vector = V(width: values.count)
    for i in 0..<values.count { vector[feature: i] = Lanes(values[i], 0, 0, 0) }
    return vector.lane(0)
  }
}
