/// One fully connected layer: `Inputs` units in, `Outputs` units out, the
/// lecture's `Z = W·X + b` followed by `Ŷ = f(Z)`.
///
/// On its own it is a network with no hidden layer; the lecture's OR-gate
/// neuron is a `Layer<2, 1>` with the sigmoid.
///
/// The passes are `@inline(__always)` so that each fixed shape unrolls into
/// its caller: an XOR 2-2-1 epoch took 60 ns with it and 90 ns without
/// (release, `-target-cpu haswell`).
public struct Layer<let Inputs: Int, let Outputs: Int>: Network {
  public typealias Input = InlineArray<Inputs, Lanes>
  public typealias Output = InlineArray<Outputs, Lanes>

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

  public struct Trace: NetworkTrace {
    /// `Z = W·X + b`.
    public var preActivation: Output
    /// `Ŷ = f(Z)`.
    public var output: Output
    /// `∂Cost/∂X = Wᵀ · ∂Cost/∂Z`: the upstream gradient of the layer below.
    public var inputGradient: Input

    @inlinable
    public init() {
      preActivation = .init(repeating: Lanes(repeating: 0))
      output = .init(repeating: Lanes(repeating: 0))
      inputGradient = .init(repeating: Lanes(repeating: 0))
    }
  }

  public struct Gradient: NetworkGradient {
    /// `∂Cost/∂W`, per lane.
    public var weights: InlineArray<Outputs, InlineArray<Inputs, Lanes>>
    /// `∂Cost/∂b`, per lane.
    public var biases: InlineArray<Outputs, Lanes>

    @inlinable
    public init() {
      weights = .init(repeating: .init(repeating: Lanes(repeating: 0)))
      biases = .init(repeating: Lanes(repeating: 0))
    }

    @inlinable
    public subscript(parameter index: Int) -> Double {
      index < Outputs * Inputs
        ? weights[index / Inputs][index % Inputs].laneSum
        : biases[index - Outputs * Inputs].laneSum
    }
  }

  @inlinable
  public static var parameterCount: Int { Outputs * Inputs + Outputs }

  @inlinable
  public subscript(parameter index: Int) -> Double {
    get {
      index < Outputs * Inputs
        ? weights[index / Inputs][index % Inputs] : biases[index - Outputs * Inputs]
    }
    set {
      if index < Outputs * Inputs {
        weights[index / Inputs][index % Inputs] = newValue
      } else {
        biases[index - Outputs * Inputs] = newValue
      }
    }
  }

  @inlinable
  public var outputActivation: Activation { activation }

  /// `z_j = Σ_i w_ji·x_i + b_j`, summed in input order and without fused
  /// multiply-adds, so that every build gives the same bits; then `ŷ = f(z)`.
  ///
  /// Why not fused: fusing everywhere would need `addProduct`, which calls
  /// libm's `fma` on the default x86-64 target — a 32-64-8 epoch took 14 ms
  /// that way against 0.8 ms unfused — and with `-target-cpu haswell` the
  /// fused version was no faster (0.8 ms; XOR 2-2-1 epochs 88 ns against
  /// 91 ns): these loops are bound by loads and dependencies, not by FMA
  /// throughput.
  @inlinable @inline(__always)
  public func forward(_ input: Input, trace: inout Trace) {
    for j in 0..<Outputs {
      var z = Lanes(repeating: 0)
      for i in 0..<Inputs { z += input[i] * weights[j][i] }
      trace.preActivation[j] = z + biases[j]
    }
    activation.apply(to: trace.preActivation, into: &trace.output)
  }

  @inlinable @inline(__always)
  public func applyLocalGradient(_ upstream: inout Output, trace: Trace) {
    for j in 0..<Outputs {
      upstream[j] *= activation.localGradient(output: trace.output[j])
    }
  }

  @inlinable @inline(__always)
  public func backward(
    delta: Output, input: Input, trace: inout Trace, gradient: inout Gradient,
    propagates: Bool
  ) {
    for j in 0..<Outputs {
      for i in 0..<Inputs { gradient.weights[j][i] += delta[j] * input[i] }
      gradient.biases[j] += delta[j]
    }
    guard propagates else { return }
    for i in 0..<Inputs {
      var upstream = Lanes(repeating: 0)
      for j in 0..<Outputs { upstream += delta[j] * weights[j][i] }
      trace.inputGradient[i] = upstream
    }
  }

  @inlinable @inline(__always)
  public mutating func descend(along gradient: Gradient, learningRate: Double) {
    for j in 0..<Outputs {
      for i in 0..<Inputs { weights[j][i] -= learningRate * gradient.weights[j][i].laneSum }
      biases[j] -= learningRate * gradient.biases[j].laneSum
    }
  }

  /// Draws `weights[j][i]` for `j` in order, `i` in order within each `j`,
  /// with fan-in `Inputs` and fan-out `Outputs`.
  @inlinable
  public mutating func initialize(
    _ initialization: Initialization, using generator: inout MersenneTwister
  ) {
    for j in 0..<Outputs {
      for i in 0..<Inputs {
        weights[j][i] = initialization.sample(fanIn: Inputs, fanOut: Outputs, using: &generator)
      }
      biases[j] = 0
    }
  }
}
