/// A fixed-size network with the feature scaling it was trained with: it
/// takes raw features and, when its targets were scaled for training,
/// gives outputs in their own units (`FeatureScaling`).
///
/// `simdnet export` writes one as the constant of a network trained with
/// `--scale`; its predictions are the bits `simdnet predict` gives for the
/// same raw features. Training happens on the scaled data, in the tool:
/// this type only predicts. It is a few plain values with no heap storage,
/// so predicting allocates nothing.
public struct ScaledNetwork<Base: FixedSizeNetwork>: Sendable {
  /// The network, in the scaled units it was trained in.
  public var base: Base
  /// Applied to every input before `base` sees it.
  public var inputScaling: FeatureScaling<Base.Input.Scalars>
  /// Undone on every output `base` gives, when the targets were scaled.
  public var outputScaling: FeatureScaling<Base.Output.Scalars>?

  @inlinable
  public init(
    _ base: Base, inputScaling: FeatureScaling<Base.Input.Scalars>,
    outputScaling: FeatureScaling<Base.Output.Scalars>? = nil
  ) {
    self.base = base
    self.inputScaling = inputScaling
    self.outputScaling = outputScaling
  }

  /// The prediction for one example of raw features, written to `output`:
  /// the inputs scaled, `base.predict(_:into:)`, the outputs unscaled.
  /// `mutating` only to read the parameters in place, as
  /// `FixedSizeNetwork.predict(_:into:)`.
  @inlinable
  public mutating func predict(
    _ example: Base.Input.Scalars, into output: inout Base.Output.Scalars
  ) {
    var x = example
    for i in 0..<Base.Input.width { x[unit: i] = inputScaling.scaled(example[unit: i], feature: i) }
    base.predict(x, into: &output)
    if let outputScaling {
      for k in 0..<Base.Output.width {
        output[unit: k] = outputScaling.unscaled(output[unit: k], feature: k)
      }
    }
  }

  /// The prediction for one example of raw features, on a copy of the
  /// network.
  @inlinable
  public func predict(_ example: Base.Input.Scalars) -> Base.Output.Scalars {
    var network = self
    var y = Base.Output.Scalars(repeating: 0)
    network.predict(example, into: &y)
    return y
  }

  /// `predict(_:into:)` between caller-owned buffers; no allocation.
  @inlinable
  public mutating func predict(
    _ input: UnsafeBufferPointer<Double>, into output: UnsafeMutableBufferPointer<Double>
  ) {
    precondition(
      input.count == Base.Input.width && output.count == Base.Output.width,
      "buffers of another width")
    var x = Base.Input.Scalars(repeating: 0)
    for i in 0..<Base.Input.width { x[unit: i] = input[i] }
    var y = Base.Output.Scalars(repeating: 0)
    predict(x, into: &y)
    for k in 0..<Base.Output.width { output[k] = y[unit: k] }
  }
}
