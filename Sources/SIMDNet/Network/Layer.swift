/// A fully connected layer whose shape is part of its type: `Inputs` units
/// in, `Outputs` units out, its parameters in `InlineArray`s.
///
/// On its own it is a network with no hidden layer; the lecture's OR-gate
/// neuron is a `Layer<2, 1>` with the sigmoid. Its arithmetic is
/// `DenseLayer`'s.
public struct Layer<let Inputs: Int, let Outputs: Int>: DenseLayer, FixedSizeNetwork {
  public typealias Input = InlineArray<Inputs, Lanes>
  public typealias Output = InlineArray<Outputs, Lanes>
  public typealias Trace = DenseTrace<Input, Output>

  /// `weights[j][i]` weighs input `i` into unit `j`.
  public var weights: InlineArray<Outputs, InlineArray<Inputs, Double>>
  public var biases: InlineArray<Outputs, Double>
  public var activation: Activation

  @inlinable
  public init(
    weights: InlineArray<Outputs, InlineArray<Inputs, Double>>,
    biases: InlineArray<Outputs, Double>,
    activation: Activation
  ) {
    self.weights = weights
    self.biases = biases
    self.activation = activation
  }

  /// A layer whose weights and biases are all zero.
  @inlinable
  public init(activation: Activation) {
    self.init(
      weights: .init(repeating: .init(repeating: 0)), biases: .init(repeating: 0),
      activation: activation)
  }

  /// A layer with weights drawn from `initialization` and zero biases.
  @inlinable
  public init(
    activation: Activation, initialization: Initialization,
    using generator: inout MersenneTwister
  ) {
    self.init(activation: activation)
    initialize(initialization, using: &generator)
  }

  @inlinable
  public subscript(weight j: Int, _ i: Int) -> Double {
    _read { yield weights[j][i] }
    _modify { yield &weights[j][i] }
  }

  @inlinable
  public subscript(bias j: Int) -> Double {
    _read { yield biases[j] }
    _modify { yield &biases[j] }
  }

  /// Four units' weights of input `i`, gathered from `weights` (rows by
  /// unit, as the parameter order is). Keeping them by input instead would
  /// speed the one-example pass but not the four-example passes (see the
  /// Performance notes article).
  @inlinable @inline(__always)
  public mutating func weights(ofInput i: Int, units first: Int) -> Lanes {
    Lanes.gathering(count: Outputs - first) { weights[first + $0][i] }
  }

  @inlinable @inline(__always)
  public mutating func biases(units first: Int) -> Lanes {
    Lanes(biases, from: first)
  }

  /// The one-example pass, units in lanes (`forward(example:into:)`).
  @inlinable @inline(__always)
  public mutating func predict(
    _ example: InlineArray<Inputs, Double>, into output: inout InlineArray<Outputs, Double>
  ) {
    forward(example: example, into: &output)
  }

  @inlinable
  public static var parameterCount: Int { Outputs * Inputs + Outputs }

  @inlinable
  public func makeTrace() -> Trace { Trace() }

  @inlinable
  public func makeGradient() -> Gradient { Gradient() }

  public struct Gradient: DenseGradient {
    /// `∂Cost/∂W`, per lane.
    public var weights: InlineArray<Outputs, InlineArray<Inputs, Lanes>>
    /// `∂Cost/∂b`, per lane.
    public var biases: InlineArray<Outputs, Lanes>

    @inlinable
    public init() {
      weights = .init(repeating: .init(repeating: .zero))
      biases = .init(repeating: .zero)
    }

    @inlinable
    public mutating func reset() { self = Self() }

    @inlinable
    public subscript(weight j: Int, _ i: Int) -> Lanes {
      _read { yield weights[j][i] }
      _modify { yield &weights[j][i] }
    }

    @inlinable
    public subscript(bias j: Int) -> Lanes {
      _read { yield biases[j] }
      _modify { yield &biases[j] }
    }

    @inlinable
    public subscript(parameter index: Int) -> Double {
      entry(parameter: index, inputWidth: Inputs, weightCount: Outputs * Inputs)
    }
  }
}
