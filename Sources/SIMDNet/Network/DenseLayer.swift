/// A fully connected layer: `Z = W·X + b` followed by `Ŷ = f(Z)`, the
/// lecture's vectorised neuron, for any number of inputs and units.
///
/// The arithmetic — the forward pass, the backward pass and the
/// initialisation — is written once, in `DenseParameterStorage`'s extension,
/// over the storage a conforming type provides: `Layer<Inputs, Outputs>`
/// keeps its parameters in `InlineArray`s sized by its type, and
/// `DynamicNetwork` gives each of its layers a view of its slice of buffers
/// sized at run time. Both therefore compute the same bits.
///
/// The passes are `@inline(__always)` so that a fixed shape unrolls into its
/// caller. Conformers give their subscripts `_read` and `_modify` accessors:
/// with `get`/`set`, each access from this generic code copied the whole
/// layer. (Both are measured in the Performance notes article.)
public protocol DenseLayer: Network, DenseParameterStorage
where Trace == DenseTrace<Input, Output>, Gradient: DenseGradient {
  var activation: Activation { get set }
}

/// Where a dense layer's parameters `W` and `b` are kept, with its
/// activation `f`: what the passes in this file read and write.
///
/// `Layer` conforms directly; `DynamicNetwork` hands the passes a view of
/// each layer's slice of its parameter buffer, so every network runs this
/// one arithmetic.
public protocol DenseParameterStorage {
  var inputWidth: Int { get }
  var outputWidth: Int { get }
  var activation: Activation { get }

  /// `w_ji`, the weight of input `i` into unit `j`.
  subscript(weight j: Int, _ i: Int) -> Double { get set }

  /// `b_j`, the bias of unit `j`.
  subscript(bias j: Int) -> Double { get set }

  /// `(w_fi, w_(f+1)i, w_(f+2)i, w_(f+3)i)` for `f = first`: the weights of
  /// input `i` into four units side by side; past the last unit, lanes
  /// repeat earlier ones (`Lanes.gathering(count:_:)`). What the one-example
  /// pass reads: `DynamicNetwork.Predictor` keeps these vectors ready, the
  /// default gathers them through `subscript(weight:)`.
  ///
  /// `mutating` only so that a conformer holding its parameters inline is
  /// read where it is: a non-mutating method of a large value reads an
  /// `InlineArray` through a copy of the whole value (a `Layer<8, 16>`'s
  /// 1,152 bytes, per call). Nothing is changed.
  mutating func weights(ofInput i: Int, units first: Int) -> Lanes

  /// `(b_f, b_(f+1), b_(f+2), b_(f+3))` for `f = first`, padded as
  /// `weights(ofInput:units:)` is, and `mutating` as it is.
  mutating func biases(units first: Int) -> Lanes
}

/// The per-lane gradient of a `DenseLayer`.
public protocol DenseGradient: NetworkGradient, DenseGradientStorage {}

/// Where a dense layer's per-lane gradient is kept.
public protocol DenseGradientStorage {
  /// `∂Cost/∂w_ji`, per lane.
  subscript(weight j: Int, _ i: Int) -> Lanes { get set }

  /// `∂Cost/∂b_j`, per lane.
  subscript(bias j: Int) -> Lanes { get set }
}

/// What a dense layer's forward pass keeps, and where its backward pass
/// leaves the upstream gradient of the layer below.
public struct DenseTrace<Input: LaneVector, Output: LaneVector>: NetworkTrace {
  /// `Z = W·X + b`.
  public var preActivation: Output
  /// `Ŷ = f(Z)`.
  public var output: Output
  /// `∂Cost/∂X = Wᵀ · ∂Cost/∂Z`: the upstream gradient of the layer below.
  public var inputGradient: Input

  /// All zeros.
  @inlinable
  public init(inputWidth: Int, outputWidth: Int) {
    preActivation = Output(width: outputWidth)
    output = Output(width: outputWidth)
    inputGradient = Input(width: inputWidth)
  }
}

extension DenseTrace where Input: FixedWidthLaneVector, Output: FixedWidthLaneVector {
  /// All zeros, at the widths of the types.
  @inlinable
  public init() { self.init(inputWidth: Input.width, outputWidth: Output.width) }
}

extension DenseLayer {
  /// Parameters in order: the weights row by row, then the biases.
  @inlinable
  public subscript(parameter index: Int) -> Double {
    get {
      let weightCount = outputWidth * inputWidth
      return index < weightCount
        ? self[weight: index / inputWidth, index % inputWidth]
        : self[bias: index - weightCount]
    }
    set {
      let weightCount = outputWidth * inputWidth
      if index < weightCount {
        self[weight: index / inputWidth, index % inputWidth] = newValue
      } else {
        self[bias: index - weightCount] = newValue
      }
    }
  }

  @inlinable
  public var outputActivation: Activation { activation }

  @inlinable
  public var layerWidths: [Int] { [inputWidth, outputWidth] }

  @inlinable
  public var layerActivations: [Activation] { [activation] }

  @inlinable @inline(__always)
  public func forward(_ input: Input, trace: inout Trace) {
    forward(input, preActivation: &trace.preActivation, output: &trace.output)
  }

  @inlinable @inline(__always)
  public func applyLocalGradient(_ upstream: inout Output, trace: Trace) {
    applyLocalGradient(&upstream, output: trace.output)
  }

  @inlinable @inline(__always)
  public func backward(
    preActivationGradient: Output, input: Input, trace: inout Trace, gradient: inout Gradient,
    propagates: Bool
  ) {
    backward(
      preActivationGradient: preActivationGradient, input: input, gradient: &gradient,
      inputGradient: &trace.inputGradient,
      propagates: propagates)
  }

  @inlinable @inline(__always)
  public mutating func update(
    along gradient: Gradient, memory: inout Gradient,
    by rule: (_ parameter: inout Double, _ gradient: Double, _ memory: inout OptimizerMemory) ->
      Void
  ) {
    for j in 0..<outputWidth {
      for i in 0..<inputWidth {
        rule(&self[weight: j, i], gradient[weight: j, i].laneSum, &memory[weight: j, i])
      }
      rule(&self[bias: j], gradient[bias: j].laneSum, &memory[bias: j])
    }
  }
}

extension DenseParameterStorage {
  /// `z_j = Σ_i w_ji·x_i + b_j`, summed in input order and without fused
  /// multiply-adds, so that every build gives the same bits; then `ŷ = f(z)`.
  ///
  /// Why not fused: fusing everywhere would need `addProduct`, which calls
  /// libm's `fma` on the default x86-64 target, many times slower, and with
  /// `-target-cpu haswell` the fused version was no faster: these loops are
  /// bound by loads and dependencies, not by multiply-add throughput.
  ///
  /// Four units are summed side by side, each in its own input order (so
  /// the bits are those of one unit at a time): each `x_i` is loaded once
  /// for four weights, and four independent sums hide the adds' latency.
  /// Eight units at a time spilled registers in the default SSE2 build.
  @inlinable @inline(__always)
  public func forward<X: LaneStorage, Y: LaneStorage>(
    _ input: X, preActivation: inout Y, output: inout Y
  ) {
    for first in stride(from: 0, to: outputWidth, by: 4) {
      let units = min(4, outputWidth - first)
      var z = InlineArray<4, Lanes>(repeating: .zero)
      for i in 0..<inputWidth {
        let x = input[feature: i]
        for u in 0..<units { z[u] += x * self[weight: first + u, i] }
      }
      for u in 0..<units { preActivation[feature: first + u] = z[u] + self[bias: first + u] }
    }
    activation.apply(to: preActivation, into: &output)
  }

  @inlinable @inline(__always)
  public mutating func weights(ofInput i: Int, units first: Int) -> Lanes {
    Lanes.gathering(count: outputWidth - first) { self[weight: first + $0, i] }
  }

  @inlinable @inline(__always)
  public mutating func biases(units first: Int) -> Lanes {
    Lanes.gathering(count: outputWidth - first) { self[bias: first + $0] }
  }

  /// The one-example forward pass, units in lanes: `ŷ = f(W·x + b)` for a
  /// single example `x`, four units at a time.
  ///
  /// Lane `u` of `Σ_i x_i·(w_fi, …, w_(f+3)i)`, summed from zero in input
  /// order, then `+ (b_f, …, b_(f+3))`, is unit `f + u`'s pre-activation
  /// computed by exactly the operations the four-example `forward` applies
  /// to it in each example's lane (`0 + x_0·w_j0`, `+ x_1·w_j1`, …, `+ b_j`,
  /// the example's value as the left operand), and every activation works
  /// lane by lane: the bits are those of the four-example pass. A sigmoid
  /// call then serves four units instead of one example.
  ///
  /// The activation is chosen once for the layer. Sixteen units at a time
  /// are summed as four groups side by side, in registers (the sums of one
  /// group form a dependency chain as long as the layer is wide); the units
  /// left over, one group at a time. `mutating` only to read the parameters
  /// in place (see `weights(ofInput:units:)`); nothing is changed.
  @inlinable @inline(__always)
  public mutating func forward<X: ExampleStorage, Y: ExampleStorage>(
    example x: X, into y: inout Y
  ) {
    switch activation {
    case .sigmoid: forward(example: x, into: &y) { .sigmoid($0) }
    case .tableSigmoid: forward(example: x, into: &y) { .tableSigmoid($0) }
    case .tanh: forward(example: x, into: &y) { .tanh($0) }
    case .relu: forward(example: x, into: &y) { .relu($0) }
    case .linear: forward(example: x, into: &y) { $0 }
    case .softmax:
      forward(example: x, into: &y) { $0 }
      y.applySoftmax(units: outputWidth)
    }
  }

  /// `forward(example:into:)` with the activation `f`.
  @inlinable @inline(__always)
  mutating func forward<X: ExampleStorage, Y: ExampleStorage>(
    example x: X, into y: inout Y, _ f: (Lanes) -> Lanes
  ) {
    var first = 0
    while first + 16 <= outputWidth {
      var (z0, z1, z2, z3) = (Lanes.zero, Lanes.zero, Lanes.zero, Lanes.zero)
      for i in 0..<inputWidth {
        let xi = Lanes(repeating: x[unit: i])
        z0 += xi * weights(ofInput: i, units: first)
        z1 += xi * weights(ofInput: i, units: first + 4)
        z2 += xi * weights(ofInput: i, units: first + 8)
        z3 += xi * weights(ofInput: i, units: first + 12)
      }
      y.store(f(z0 + biases(units: first)), units: first, count: 4)
      y.store(f(z1 + biases(units: first + 4)), units: first + 4, count: 4)
      y.store(f(z2 + biases(units: first + 8)), units: first + 8, count: 4)
      y.store(f(z3 + biases(units: first + 12)), units: first + 12, count: 4)
      first += 16
    }
    while first < outputWidth {
      var z = Lanes.zero
      for i in 0..<inputWidth {
        z += Lanes(repeating: x[unit: i]) * weights(ofInput: i, units: first)
      }
      y.store(f(z + biases(units: first)), units: first, count: min(4, outputWidth - first))
      first += 4
    }
  }

  /// Turns the upstream gradient `∂Cost/∂Ŷ` into `∂Cost/∂Z` in place:
  /// upstream gradient × local gradient `f′`, from the layer's output; for
  /// softmax, whose units are coupled, the Jacobian times the upstream
  /// gradient (`Lanes.applySoftmaxJacobian(_:output:)`).
  @inlinable @inline(__always)
  public func applyLocalGradient<U: LaneStorage, Y: LaneStorage>(
    _ upstream: inout U, output: Y
  ) {
    if activation == .softmax { return Lanes.applySoftmaxJacobian(&upstream, output: output) }
    for j in 0..<outputWidth {
      upstream[feature: j] *= activation.localGradient(output: output[feature: j])
    }
  }

  /// Adds `∂Cost/∂W = δ·Xᵀ` and `∂Cost/∂b = δ` to `gradient` lane by lane,
  /// `δ = ∂Cost/∂Z`; with `propagates`, sets `inputGradient` to
  /// `∂Cost/∂X = Wᵀ·δ`, the upstream gradient of the layer below.
  @inlinable @inline(__always)
  public func backward<
    D: LaneStorage, X: LaneStorage, G: DenseGradientStorage, U: LaneStorage
  >(
    preActivationGradient: D, input: X, gradient: inout G, inputGradient: inout U, propagates: Bool
  ) {
    for j in 0..<outputWidth {
      for i in 0..<inputWidth {
        gradient[weight: j, i] += preActivationGradient[feature: j] * input[feature: i]
      }
      gradient[bias: j] += preActivationGradient[feature: j]
    }
    guard propagates else { return }
    for i in 0..<inputWidth {
      var upstream = Lanes(repeating: 0)
      for j in 0..<outputWidth {
        upstream += preActivationGradient[feature: j] * self[weight: j, i]
      }
      inputGradient[feature: i] = upstream
    }
  }

  /// Draws `w_ji` for `j` in order, `i` in order within each `j`, with
  /// fan-in `inputWidth` and fan-out `outputWidth`; biases become zero.
  @inlinable
  public mutating func initialize(
    _ initialization: Initialization, using generator: inout MersenneTwister
  ) {
    for j in 0..<outputWidth {
      for i in 0..<inputWidth {
        self[weight: j, i] = initialization.sample(
          fanIn: inputWidth, fanOut: outputWidth, using: &generator)
      }
      self[bias: j] = 0
    }
  }
}

extension DenseGradient {
  /// The entry of parameter `index` of a layer `inputWidth` wide with
  /// `weightCount` weights, lanes summed.
  @inlinable
  func entry(parameter index: Int, inputWidth: Int, weightCount: Int) -> Double {
    index < weightCount
      ? self[weight: index / inputWidth, index % inputWidth].laneSum
      : self[bias: index - weightCount].laneSum
  }
}
