/// A feed-forward network of fixed shape: a single `Layer`, or a `Stack` of
/// networks, evaluated on four examples at once.
///
/// Its parameters, its gradient and everything its passes keep are plain
/// values of fixed size, so a forward or backward pass allocates nothing.
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

  /// The number of weights and biases.
  static var parameterCount: Int { get }

  /// A weight or bias, in the order described above.
  subscript(parameter index: Int) -> Double { get set }

  /// The activation of the output layer.
  var outputActivation: Activation { get }

  /// Computes `Z = W·X + b` and `Ŷ = f(Z)` layer by layer for four examples,
  /// keeping each layer's `Z` and `Ŷ` in `trace`.
  func forward(_ input: Input, trace: inout Trace)

  /// Multiplies the upstream gradient `∂Cost/∂ŷ` of the output layer by its
  /// local gradient `∂ŷ/∂z`, turning it into `∂Cost/∂z`.
  func applyLocalGradient(_ upstream: inout Output, trace: Trace)

  /// The backward pass, from `delta = ∂Cost/∂Z` of the output layer.
  ///
  /// Adds `∂Cost/∂W = ∂Cost/∂Z · Xᵀ` and `∂Cost/∂b = ∂Cost/∂Z` to `gradient`
  /// lane by lane, and hands each layer below its upstream gradient
  /// `∂Cost/∂X = Wᵀ · ∂Cost/∂Z`. With `propagates`, also leaves
  /// `∂Cost/∂input` in `trace.inputGradient`; training does not need it.
  func backward(
    delta: Output, input: Input, trace: inout Trace, gradient: inout Gradient,
    propagates: Bool)

  /// Gradient descent: `w = w − α · ∂Cost/∂w` for every parameter, with the
  /// gradient's lanes summed.
  mutating func descend(along gradient: Gradient, learningRate: Double)

  /// Draws every weight from `initialization` and sets every bias to zero.
  mutating func initialize(_ initialization: Initialization, using generator: inout MersenneTwister)
}

/// The values a forward pass keeps for the backward pass.
public protocol NetworkTrace: Sendable {
  associatedtype Input: LaneVector
  associatedtype Output: LaneVector

  /// All zeros.
  init()

  /// `Z` of the output layer.
  var preActivation: Output { get }

  /// `Ŷ` of the output layer: the network's prediction.
  var output: Output { get }

  /// `∂Cost/∂X` of the input, after a backward pass that propagates.
  var inputGradient: Input { get }
}

/// `∂Cost/∂parameter` for every parameter of a network, kept per lane so
/// that a batch accumulates with vector additions and the lanes are summed
/// once, when the gradient is used.
public protocol NetworkGradient: Sendable {
  /// All zeros.
  init()

  /// The gradient of one parameter, lanes summed, in the network's parameter
  /// order.
  subscript(parameter index: Int) -> Double { get }
}

extension Network {
  /// The predictions `Ŷ` for four examples.
  @inlinable
  public func predict(_ input: Input) -> Output {
    var trace = Trace()
    forward(input, trace: &trace)
    return trace.output
  }

  /// The prediction `ŷ` for one example.
  @inlinable
  public func predict(_ example: Input.Scalars) -> Output.Scalars {
    var input = Input(repeating: Lanes(repeating: 0))
    input.setLane(0, to: example)
    return predict(input).lane(0)
  }

  /// All parameters in order, for inspection and tests.
  @inlinable
  public var parameters: [Double] {
    (0..<Self.parameterCount).map { self[parameter: $0] }
  }
}
