/// A network on top of another: `Upper` reads what `Lower` outputs.
///
/// Stacking layers gives the multilayer perceptrons; see `MLP1` and `MLP2`.
public struct Stack<Lower: Network, Upper: Network>: Network
where Lower.Output == Upper.Input {
  public typealias Input = Lower.Input
  public typealias Output = Upper.Output

  public var lower: Lower
  public var upper: Upper

  /// `lower`'s output layer is hidden here, so its activation must be
  /// elementwise: softmax is an output-layer activation.
  ///
  /// Checked by `assert`, in debug builds only: a `precondition` here
  /// keeps the optimiser from initialising a `Stack` constant statically,
  /// so a compiled-in network would be built at first use, from writable
  /// memory. (A hidden softmax that slips through is still computed
  /// correctly, its Jacobian in full; `DynamicNetwork`, the tool and the
  /// weights files refuse it always.)
  @inlinable
  public init(_ lower: Lower, _ upper: Upper) {
    assert(
      lower.outputActivation.isElementwise,
      "softmax is an output-layer activation: a hidden layer cannot use it")
    self.lower = lower
    self.upper = upper
  }

  public struct Trace: NetworkTrace {
    public var lower: Lower.Trace
    public var upper: Upper.Trace

    @inlinable
    public init(lower: Lower.Trace, upper: Upper.Trace) {
      self.lower = lower
      self.upper = upper
    }

    @inlinable
    public var preActivation: Output { upper.preActivation }
    @inlinable
    public var output: Output { upper.output }
    @inlinable
    public var inputGradient: Input {
      get { lower.inputGradient }
      _modify { yield &lower.inputGradient }
    }
  }

  public struct Gradient: NetworkGradient {
    public var lower: Lower.Gradient
    public var upper: Upper.Gradient
    @usableFromInline let lowerCount: Int

    @inlinable
    public init(lower: Lower.Gradient, upper: Upper.Gradient, lowerCount: Int) {
      self.lower = lower
      self.upper = upper
      self.lowerCount = lowerCount
    }

    @inlinable
    public mutating func reset() {
      lower.reset()
      upper.reset()
    }

    @inlinable
    public subscript(parameter index: Int) -> Double {
      index < lowerCount ? lower[parameter: index] : upper[parameter: index - lowerCount]
    }
  }

  @inlinable
  public var inputWidth: Int { lower.inputWidth }
  @inlinable
  public var outputWidth: Int { upper.outputWidth }
  @inlinable
  public var parameterCount: Int { lower.parameterCount + upper.parameterCount }

  @inlinable
  public func makeTrace() -> Trace { Trace(lower: lower.makeTrace(), upper: upper.makeTrace()) }

  @inlinable
  public func makeGradient() -> Gradient {
    Gradient(
      lower: lower.makeGradient(), upper: upper.makeGradient(), lowerCount: lower.parameterCount)
  }

  @inlinable
  public subscript(parameter index: Int) -> Double {
    get {
      index < lower.parameterCount
        ? lower[parameter: index] : upper[parameter: index - lower.parameterCount]
    }
    set {
      if index < lower.parameterCount {
        lower[parameter: index] = newValue
      } else {
        upper[parameter: index - lower.parameterCount] = newValue
      }
    }
  }

  @inlinable
  public var outputActivation: Activation { upper.outputActivation }

  @inlinable
  public var layerWidths: [Int] { lower.layerWidths + upper.layerWidths.dropFirst() }

  @inlinable
  public var layerActivations: [Activation] { lower.layerActivations + upper.layerActivations }

  /// One example through both networks: units in lanes when they are
  /// fixed shapes (each copied for the call; see
  /// `FixedSizeNetwork.predict(_:into:)`), no block, no allocation.
  @inlinable @inline(__always)
  public func predict(_ example: Input.Scalars) -> Output.Scalars {
    upper.predict(lower.predict(example))
  }

  @inlinable @inline(__always)
  public func forward(_ input: Input, trace: inout Trace) {
    lower.forward(input, trace: &trace.lower)
    upper.forward(trace.lower.output, trace: &trace.upper)
  }

  @inlinable @inline(__always)
  public func applyLocalGradient(_ upstream: inout Output, trace: Trace) {
    upper.applyLocalGradient(&upstream, trace: trace.upper)
  }

  /// The chain rule across the seam: the upper network's `∂Cost/∂X` is the
  /// upstream gradient of the lower network's output, which its local
  /// gradient turns — in place — into the lower network's `∂Cost/∂Z`.
  @inlinable @inline(__always)
  public func backward(
    preActivationGradient: Output, input: Input, trace: inout Trace, gradient: inout Gradient,
    propagates: Bool
  ) {
    upper.backward(
      preActivationGradient: preActivationGradient, input: trace.lower.output, trace: &trace.upper,
      gradient: &gradient.upper, propagates: true)
    lower.applyLocalGradient(&trace.upper.inputGradient, trace: trace.lower)
    lower.backward(
      preActivationGradient: trace.upper.inputGradient, input: input, trace: &trace.lower,
      gradient: &gradient.lower, propagates: propagates)
  }

  @inlinable @inline(__always)
  public mutating func update(
    along gradient: Gradient, memory: inout Gradient,
    by rule: (_ parameter: inout Double, _ gradient: Double, _ memory: inout OptimizerMemory) ->
      Void
  ) {
    lower.update(along: gradient.lower, memory: &memory.lower, by: rule)
    upper.update(along: gradient.upper, memory: &memory.upper, by: rule)
  }

  @inlinable
  public mutating func initialize(
    _ initialization: Initialization, using generator: inout MersenneTwister
  ) {
    lower.initialize(initialization, using: &generator)
    upper.initialize(initialization, using: &generator)
  }
}

extension Stack: FixedSizeNetwork where Lower: FixedSizeNetwork, Upper: FixedSizeNetwork {
  @inlinable
  public static var parameterCount: Int { Lower.parameterCount + Upper.parameterCount }

  /// One example through both networks, each read in place.
  @inlinable @inline(__always)
  public mutating func predict(_ example: Input.Scalars, into output: inout Output.Scalars) {
    var hidden = Lower.Output.Scalars(repeating: 0)
    lower.predict(example, into: &hidden)
    upper.predict(hidden, into: &output)
  }
}

/// A perceptron with no hidden layer.
public typealias Perceptron<let Inputs: Int, let Outputs: Int> = Layer<Inputs, Outputs>

/// A multilayer perceptron with one hidden layer of `Hidden` units.
public typealias MLP1<let Inputs: Int, let Hidden: Int, let Outputs: Int> =
  Stack<Layer<Inputs, Hidden>, Layer<Hidden, Outputs>>

/// A multilayer perceptron with two hidden layers.
public typealias MLP2<let Inputs: Int, let Hidden1: Int, let Hidden2: Int, let Outputs: Int> =
  Stack<Layer<Inputs, Hidden1>, Stack<Layer<Hidden1, Hidden2>, Layer<Hidden2, Outputs>>>
