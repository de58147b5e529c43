/// A feed-forward network: a single `Layer`, a `Stack` of networks, or a
/// `DynamicNetwork` of any shape, evaluated on four examples at once.
///
/// Its parameters, its gradient and everything its passes keep are values
/// made once, so a forward or backward pass allocates nothing. For the
/// fixed-size shapes (`FixedSizeNetwork`) they are plain values of fixed size
/// with no heap storage at all.
///
/// Parameters are numbered layer by layer from the input; within a layer,
/// the weights `weights[j][i]` row by row (unit `j`, input `i`), then the
/// biases. `subscript(parameter:)` and `Gradient.subscript(parameter:)` use
/// this order, and so does random initialisation.
public protocol Network: Sendable {
  /// One vector of lanes per input feature.
  associatedtype Input: LaneVector
  /// One vector of lanes per output unit.
  associatedtype Output: LaneVector
  /// What the forward pass keeps for the backward pass.
  associatedtype Trace: NetworkTrace where Trace.Input == Input, Trace.Output == Output
  /// `∂Cost/∂parameter`, accumulated per lane.
  associatedtype Gradient: NetworkGradient

  /// The number of input features.
  var inputWidth: Int { get }

  /// The number of output units.
  var outputWidth: Int { get }

  /// The number of weights and biases.
  var parameterCount: Int { get }

  /// A weight or bias, in the order described above.
  subscript(parameter index: Int) -> Double { get set }

  /// The activation of the output layer.
  var outputActivation: Activation { get }

  /// Units per layer, the inputs first: the network's shape.
  var layerWidths: [Int] { get }

  /// The activation of each layer after the inputs.
  var layerActivations: [Activation] { get }

  /// Zeroed scratch space for the passes of this network.
  func makeTrace() -> Trace

  /// A zero gradient for this network.
  func makeGradient() -> Gradient

  /// The prediction `ŷ` for one example: the bits of lane 0 of
  /// `predict(_:)` on a block holding the example. The fixed shapes compute
  /// it with units in lanes (`predict(_:into:)`) on a copy of the network,
  /// without allocating; the default runs the four-example pass on a block.
  func predict(_ example: Input.Scalars) -> Output.Scalars

  /// Computes `Z = W·X + b` and `Ŷ = f(Z)` layer by layer for four examples,
  /// keeping each layer's `Z` and `Ŷ` in `trace`.
  func forward(_ input: Input, trace: inout Trace)

  /// Multiplies the upstream gradient `∂Cost/∂ŷ` of the output layer by its
  /// local gradient `∂ŷ/∂z`, turning it into `∂Cost/∂z`.
  func applyLocalGradient(_ upstream: inout Output, trace: Trace)

  /// The backward pass, from `preActivationGradient = ∂Cost/∂Z` of the output layer.
  ///
  /// Adds `∂Cost/∂W = ∂Cost/∂Z · Xᵀ` and `∂Cost/∂b = ∂Cost/∂Z` to `gradient`
  /// lane by lane, and hands each layer below its upstream gradient
  /// `∂Cost/∂X = Wᵀ · ∂Cost/∂Z`. With `propagates`, also leaves
  /// `∂Cost/∂input` in `trace.inputGradient`; training does not need it.
  func backward(
    preActivationGradient: Output, input: Input, trace: inout Trace, gradient: inout Gradient,
    propagates: Bool)

  /// Calls `rule(&w, g, &memory)` for every parameter `w` in order, with
  /// `g = ∂Cost/∂w` (the gradient's lanes summed) and the parameter's entry
  /// of `memory`, a gradient-shaped value an `Optimizer` keeps its state in.
  /// Gradient descent is `{ w, g, _ in w -= α * g }`.
  mutating func update(
    along gradient: Gradient, memory: inout Gradient,
    by rule: (_ parameter: inout Double, _ gradient: Double, _ memory: inout OptimizerMemory) ->
      Void)

  /// Draws every weight from `initialization` and sets every bias to zero.
  mutating func initialize(_ initialization: Initialization, using generator: inout MersenneTwister)
}

/// The values a forward pass keeps for the backward pass.
public protocol NetworkTrace: Sendable {
  associatedtype Input: LaneVector
  associatedtype Output: LaneVector

  /// `Z` of the output layer.
  var preActivation: Output { get }

  /// `Ŷ` of the output layer: the network's prediction.
  var output: Output { get }

  /// `∂Cost/∂X` of the input, after a backward pass that propagates. The
  /// layer above a seam turns it into its own `∂Cost/∂Z` in place.
  var inputGradient: Input { get set }
}

/// `∂Cost/∂parameter` for every parameter of a network, kept per lane so
/// that a batch accumulates with vector additions and the lanes are summed
/// once, when the gradient is used.
public protocol NetworkGradient: Sendable {
  /// The gradient of one parameter, lanes summed, in the network's parameter
  /// order.
  subscript(parameter index: Int) -> Double { get }

  /// Sets every entry to zero, in place.
  mutating func reset()
}

/// A network whose shape is part of its type: its inputs, outputs, trace
/// and gradient are plain values of fixed size.
public protocol FixedSizeNetwork: Network
where Input: FixedWidthLaneVector, Output: FixedWidthLaneVector {
  /// The number of weights and biases.
  static var parameterCount: Int { get }

  /// The prediction `ŷ` for one example, written to `output`: units in
  /// lanes, layer by layer (`DenseParameterStorage.forward(example:into:)`),
  /// with the bits of lane 0 of the four-example `predict(_:)`.
  ///
  /// `mutating` only so that the parameters are read where they are — a
  /// non-mutating call on a value this large works on a copy of it (1.4 KB
  /// for an 8-16-2 network, per call); nothing is changed. This is the
  /// daemon's path; `predict(_:)` of one example makes that copy.
  mutating func predict(_ example: Input.Scalars, into output: inout Output.Scalars)
}

extension FixedSizeNetwork {
  /// The prediction `ŷ` for one example, units in lanes on a copy of the
  /// network (see `predict(_:into:)`).
  @inlinable @inline(__always)
  public func predict(_ example: Input.Scalars) -> Output.Scalars {
    var network = self
    var y = Output.Scalars(repeating: 0)
    network.predict(example, into: &y)
    return y
  }

  /// The prediction `ŷ` for the example at `input`, written to `output`:
  /// `predict(_:into:)` between caller-owned buffers, as a server answers a
  /// request. Allocation-free; `mutating` only to read the parameters in
  /// place.
  @inlinable @inline(__always)
  public mutating func predict(
    _ input: UnsafeBufferPointer<Double>, into output: UnsafeMutableBufferPointer<Double>
  ) {
    precondition(
      input.count == Input.width && output.count == Output.width, "buffers of another width")
    var x = Input.Scalars(repeating: 0)
    for i in 0..<Input.width { x[unit: i] = input[i] }
    var y = Output.Scalars(repeating: 0)
    predict(x, into: &y)
    for k in 0..<Output.width { output[k] = y[unit: k] }
  }

  @inlinable
  public var inputWidth: Int { Input.width }
  @inlinable
  public var outputWidth: Int { Output.width }
  @inlinable
  public var parameterCount: Int { Self.parameterCount }
}

extension Network {
  /// The predictions `Ŷ` for four examples.
  @inlinable
  public func predict(_ input: Input) -> Output {
    var trace = makeTrace()
    forward(input, trace: &trace)
    return trace.output
  }

  /// The prediction `ŷ` for one example, as lane 0 of a four-example
  /// block with zeros in the other lanes.
  @inlinable
  public func predict(_ example: Input.Scalars) -> Output.Scalars {
    var input = Input(width: inputWidth)
    input.setLane(0, to: example)
    return predict(input).lane(0)
  }

  /// All parameters in order, for inspection and tests.
  @inlinable
  public var parameters: [Double] {
    (0..<parameterCount).map { self[parameter: $0] }
  }
}
