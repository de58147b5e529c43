/// A fully connected layer whose shape is known only at run time, as the
/// `simdnet` tool reads it from the command line: the same arithmetic as
/// `Layer` (`DenseLayer`'s), so a network trained here and exported as a
/// `Layer` constant computes the same bits.
///
/// Making one, its trace and its gradient allocates; the passes do not.
public struct DynamicLayer: DenseLayer {
  public typealias Input = LaneArray
  public typealias Output = LaneArray
  public typealias Trace = DenseTrace<LaneArray, LaneArray>

  public let inputWidth: Int
  public let outputWidth: Int
  /// `w_ji` at `weights[j * inputWidth + i]`.
  public var weights: [Double]
  public var biases: [Double]
  public var activation: Activation

  /// A layer of `outputs` units on `inputs` inputs, all parameters zero.
  @inlinable
  public init(inputs: Int, outputs: Int, activation: Activation) {
    precondition(inputs > 0 && outputs > 0, "a layer needs inputs and units")
    inputWidth = inputs
    outputWidth = outputs
    weights = Array(repeating: 0, count: inputs * outputs)
    biases = Array(repeating: 0, count: outputs)
    self.activation = activation
  }

  @inlinable
  public subscript(weight j: Int, _ i: Int) -> Double {
    _read { yield weights[j * inputWidth + i] }
    _modify { yield &weights[j * inputWidth + i] }
  }

  @inlinable
  public subscript(bias j: Int) -> Double {
    _read { yield biases[j] }
    _modify { yield &biases[j] }
  }

  @inlinable
  public var parameterCount: Int { outputWidth * inputWidth + outputWidth }

  @inlinable
  public func makeTrace() -> Trace { Trace(inputWidth: inputWidth, outputWidth: outputWidth) }

  @inlinable
  public func makeGradient() -> Gradient { Gradient(inputs: inputWidth, outputs: outputWidth) }

  public struct Gradient: DenseGradient {
    public let inputWidth: Int
    /// `∂Cost/∂w_ji` per lane, at `weights[j * inputWidth + i]`.
    public var weights: [Lanes]
    /// `∂Cost/∂b_j` per lane.
    public var biases: [Lanes]

    @inlinable
    public init(inputs: Int, outputs: Int) {
      inputWidth = inputs
      weights = Array(repeating: .zero, count: inputs * outputs)
      biases = Array(repeating: .zero, count: outputs)
    }

    @inlinable
    public mutating func reset() {
      for k in weights.indices { weights[k] = .zero }
      for j in biases.indices { biases[j] = .zero }
    }

    @inlinable
    public subscript(weight j: Int, _ i: Int) -> Lanes {
      _read { yield weights[j * inputWidth + i] }
      _modify { yield &weights[j * inputWidth + i] }
    }

    @inlinable
    public subscript(bias j: Int) -> Lanes {
      _read { yield biases[j] }
      _modify { yield &biases[j] }
    }

    @inlinable
    public subscript(parameter index: Int) -> Double {
      entry(parameter: index, inputWidth: inputWidth, weightCount: weights.count)
    }
  }
}
