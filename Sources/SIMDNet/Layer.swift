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

  /// `columns[i][j]` weighs input `i` into unit `j`: the weights of one
  /// input into every unit side by side, so that the one-example pass loads
  /// four units' weights of an input with one vector load. The four-example
  /// passes read single weights, so the layout costs them nothing; an XOR
  /// 2-2-1 prediction of one example went from 0.4× to 3× FANN's with it
  /// (see BENCHMARKS.md, issue 13).
  @usableFromInline var columns: InlineArray<Inputs, InlineArray<Outputs, Double>>
  public var biases: InlineArray<Outputs, Double>
  public var activation: Activation

  /// `weights[j][i]` weighs input `i` into unit `j`: the matrix `W` row by
  /// row, as the parameter order lists it. Kept transposed (see `columns`);
  /// `subscript(weight:)` reaches one weight in place.
  @inlinable
  public var weights: InlineArray<Outputs, InlineArray<Inputs, Double>> {
    get { .init { j in .init { i in columns[i][j] } } }
    set { columns = .init { i in .init { j in newValue[j][i] } } }
  }

  @inlinable
  public init(
    weights: InlineArray<Outputs, InlineArray<Inputs, Double>>,
    biases: InlineArray<Outputs, Double>,
    activation: Activation
  ) {
    columns = .init { i in .init { j in weights[j][i] } }
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
    _read { yield columns[i][j] }
    _modify { yield &columns[i][j] }
  }

  @inlinable
  public subscript(bias j: Int) -> Double {
    _read { yield biases[j] }
    _modify { yield &biases[j] }
  }

  @inlinable @inline(__always)
  public mutating func weights(ofInput i: Int, units first: Int) -> Lanes {
    Lanes(columns[i], from: first)
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

  public struct Gradient: DenseGradient, FixedSizeGradient {
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
