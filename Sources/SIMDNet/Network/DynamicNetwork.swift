/// A multilayer perceptron whose shape is read at run time — any number of
/// dense layers, any widths and activations — as the `simdnet` tool reads
/// it from `--layers` or a weights file.
///
/// Its arithmetic is `DenseLayer`'s, run layer by layer in the order a
/// `Stack` of `Layer`s runs it, so a network trained here and exported as a
/// `Layer`, `MLP1`, `MLP2` or deeper `Stack` constant computes the same
/// bits.
///
/// Making one — and its trace and gradient — allocates; after that its
/// passes, an epoch of `Training`, a prediction with a kept trace and an
/// update allocate nothing. Each layer is a slice of one buffer (all
/// parameters in the network's parameter order; the gradient, the
/// optimizer's memory and the trace likewise), and each pass takes a
/// pointer to every buffer once, so its inner loops index memory directly,
/// with no per-access bounds, uniqueness or copy-on-write checks. The
/// buffers are arrays, so the network is a value: a copy shares them until
/// one side changes.
public struct DynamicNetwork: Network {
  public typealias Input = LaneArray
  public typealias Output = LaneArray

  /// Units per layer, the inputs first.
  public let layerWidths: [Int]
  /// The activation of each layer after the inputs.
  public let layerActivations: [Activation]
  /// Every weight and bias, in the network's parameter order: layer by
  /// layer from the input, each layer's `w_ji` row by row, then its `b_j`.
  @inlinable
  public var parameters: [Double] { values }
  /// The parameters' storage.
  @usableFromInline var values: [Double]
  /// Where each layer's slices of the buffers start.
  @usableFromInline let layers: [DenseLayerShape]
  /// The scaling of the raw features, when the network was trained on
  /// scaled ones: one-example prediction (`Predictor`, `predict(_:)` of
  /// `[Double]`) applies it, so it takes raw features. The passes
  /// (`forward`, `backward`) and training work in the scaled units and
  /// leave it alone: the data is scaled once, before training.
  public var inputScaling: FeatureScaling<[Double]>?
  /// The scaling of the targets, when they were scaled for training:
  /// one-example prediction undoes it on every output.
  public var outputScaling: FeatureScaling<[Double]>?

  /// A network of these widths (inputs first) and activations (one per
  /// layer after the inputs), all parameters zero. Softmax may be only the
  /// last: it is an output-layer activation.
  @inlinable
  public init(layerWidths: [Int], activations: [Activation]) {
    precondition(layerWidths.count >= 2, "a network needs inputs and outputs")
    precondition(layerWidths.allSatisfy { $0 > 0 }, "every layer needs at least one unit")
    precondition(
      activations.count == layerWidths.count - 1, "one activation per layer after the inputs")
    precondition(
      activations.dropLast().allSatisfy { $0.isElementwise },
      "softmax is an output-layer activation: a hidden layer cannot use it")
    self.layerWidths = layerWidths
    layerActivations = activations
    var layers: [DenseLayerShape] = []
    var (parameterCount, traceCount) = (0, 0)
    for l in 0..<layerWidths.count - 1 {
      let (inputs, outputs) = (layerWidths[l], layerWidths[l + 1])
      let isOutput = l == layerWidths.count - 2
      layers.append(
        DenseLayerShape(
          inputWidth: inputs, outputWidth: outputs, activation: activations[l],
          parameterOffset: parameterCount, traceOffset: isOutput ? -1 : traceCount))
      parameterCount += (inputs + 1) * outputs
      if !isOutput { traceCount += 3 * outputs }
    }
    self.layers = layers
    values = Array(repeating: 0, count: parameterCount)
    inputScaling = nil
    outputScaling = nil
  }

  /// The network of the same shape as `network` — a `Layer`, `MLP1`,
  /// `MLP2` or any `Stack` — with the same parameters: it computes the same
  /// bits.
  @inlinable
  public init<N: Network>(_ network: N) {
    self.init(layerWidths: network.layerWidths, activations: network.layerActivations)
    for p in 0..<parameterCount { values[p] = network[parameter: p] }
  }

  /// The number of dense layers, hidden and output.
  @inlinable
  public var layerCount: Int { layerWidths.count - 1 }

  @inlinable
  public var inputWidth: Int { layerWidths[0] }

  @inlinable
  public var outputWidth: Int { layerWidths[layerWidths.count - 1] }

  @inlinable
  public var parameterCount: Int { values.count }

  @inlinable
  public subscript(parameter index: Int) -> Double {
    get { values[index] }
    set { values[index] = newValue }
  }

  @inlinable
  public var outputActivation: Activation { layerActivations[layerActivations.count - 1] }

  @inlinable
  public func makeTrace() -> Trace { Trace(layerWidths: layerWidths) }

  @inlinable
  public func makeGradient() -> Gradient { Gradient(count: values.count) }

  /// What the forward pass keeps: every layer's `Z` and `Ŷ`, and the
  /// upstream gradients the backward pass hands down.
  public struct Trace: NetworkTrace {
    /// `Z` of the output layer.
    public var preActivation: LaneArray
    /// `Ŷ` of the output layer.
    public var output: LaneArray
    /// `∂Cost/∂X` of the input, after a backward pass that propagates.
    public var inputGradient: LaneArray
    /// For each hidden layer in turn, `width` lanes each: its `Z`, its `Ŷ`,
    /// and its `∂Cost/∂Z` (first the upstream gradient `∂Cost/∂Ŷ` the layer
    /// above hands down, then multiplied in place by the local gradient).
    @usableFromInline var hidden: [Lanes]

    /// All zeros, for a network of these widths.
    @inlinable
    public init(layerWidths: [Int]) {
      let outputs = layerWidths[layerWidths.count - 1]
      preActivation = LaneArray(width: outputs)
      output = LaneArray(width: outputs)
      inputGradient = LaneArray(width: layerWidths[0])
      hidden = Array(repeating: .zero, count: 3 * layerWidths.dropFirst().dropLast().reduce(0, +))
    }
  }

  /// `∂Cost/∂parameter` per lane, in the network's parameter order; also
  /// the shape of an optimizer's memory.
  public struct Gradient: NetworkGradient {
    public var entries: [Lanes]

    /// All zeros, for `count` parameters.
    @inlinable
    public init(count: Int) { entries = Array(repeating: .zero, count: count) }

    @inlinable
    public subscript(parameter index: Int) -> Double { entries[index].laneSum }

    @inlinable
    public mutating func reset() {
      entries.withUnsafeMutableBufferPointer { $0.update(repeating: .zero) }
    }
  }

  // MARK: - Passes

  @inlinable
  public func forward(_ input: LaneArray, trace: inout Trace) {
    precondition(input.width == inputWidth, "an input of another width")
    layers.withUnsafeBufferPointer { layers in
      values.withUnsafeBufferPointer { parameters in
        input.features.withUnsafeBufferPointer { x in
          trace.withBuffers { buffers in
            var source = LaneView(x)
            for shape in layers {
              var (z, y) = buffers.values(of: shape)
              DenseLayerView(parameters, shape).forward(source, preActivation: &z, output: &y)
              source = y
            }
          }
        }
      }
    }
  }

  @inlinable
  public func applyLocalGradient(_ upstream: inout LaneArray, trace: Trace) {
    let output = layers[layers.count - 1]
    values.withUnsafeBufferPointer { parameters in
      DenseLayerView(parameters, output).applyLocalGradient(&upstream, output: trace.output)
    }
  }

  /// The backward pass, output layer first, in the order a `Stack` runs it:
  /// each layer adds its gradient and hands its `∂Cost/∂X` down as the
  /// upstream gradient of the layer below, whose local gradient turns it
  /// into that layer's `∂Cost/∂Z` in place.
  @inlinable
  public func backward(
    preActivationGradient: LaneArray, input: LaneArray, trace: inout Trace,
    gradient: inout Gradient,
    propagates: Bool
  ) {
    precondition(
      preActivationGradient.width == outputWidth && input.width == inputWidth
        && gradient.entries.count == values.count,
      "a ∂Cost/∂Z, input or gradient of another network")
    layers.withUnsafeBufferPointer { layers in
      values.withUnsafeBufferPointer { parameters in
        input.features.withUnsafeBufferPointer { x in
          preActivationGradient.features.withUnsafeBufferPointer { outputPreActivationGradient in
            gradient.entries.withUnsafeMutableBufferPointer { gradient in
              trace.withBuffers { buffers in
                var preActivationGradient = LaneView(outputPreActivationGradient)
                var l = layers.count - 1
                while l > 0 {
                  let (shape, below) = (layers[l], layers[l - 1])
                  var belowPreActivationGradient = buffers.preActivationGradient(of: below)
                  let belowOutput = buffers.values(of: below).output
                  var layerGradient = DenseLayerView(gradient.baseAddress!, shape)
                  DenseLayerView(parameters, shape).backward(
                    preActivationGradient: preActivationGradient, input: belowOutput,
                    gradient: &layerGradient,
                    inputGradient: &belowPreActivationGradient, propagates: true)
                  DenseLayerView(parameters, below).applyLocalGradient(
                    &belowPreActivationGradient, output: belowOutput)
                  preActivationGradient = belowPreActivationGradient
                  l -= 1
                }
                var layerGradient = DenseLayerView(gradient.baseAddress!, layers[0])
                var inputGradient = buffers.inputGradient
                DenseLayerView(parameters, layers[0]).backward(
                  preActivationGradient: preActivationGradient, input: LaneView(x),
                  gradient: &layerGradient,
                  inputGradient: &inputGradient, propagates: propagates)
              }
            }
          }
        }
      }
    }
  }

  /// Calls `rule` for every parameter in order; see `Network.update`.
  @inlinable @inline(__always)
  public mutating func update(
    along gradient: Gradient, memory: inout Gradient,
    by rule: (_ parameter: inout Double, _ gradient: Double, _ memory: inout OptimizerMemory) ->
      Void
  ) {
    precondition(
      gradient.entries.count == values.count && memory.entries.count == values.count,
      "a gradient of another network")
    values.withUnsafeMutableBufferPointer { parameters in
      gradient.entries.withUnsafeBufferPointer { gradient in
        memory.entries.withUnsafeMutableBufferPointer { memory in
          for p in 0..<parameters.count {
            rule(&parameters[p], gradient[p].laneSum, &memory[p])
          }
        }
      }
    }
  }

  /// Draws every weight from `initialization`, layer by layer as a `Stack`
  /// of `Layer`s draws them, and sets every bias to zero.
  @inlinable
  public mutating func initialize(
    _ initialization: Initialization, using generator: inout MersenneTwister
  ) {
    let layers = layers
    values.withUnsafeMutableBufferPointer { parameters in
      for shape in layers {
        var layer = DenseLayerView(parameters.baseAddress!, shape)
        layer.initialize(initialization, using: &generator)
      }
    }
  }
}

extension DynamicNetwork.Trace {
  /// Calls `body` with pointers to the trace's buffers, valid only inside
  /// it: one uniqueness check per buffer per pass.
  @inlinable @inline(__always)
  mutating func withBuffers<R>(_ body: (TraceBuffers) -> R) -> R {
    preActivation.features.withUnsafeMutableBufferPointer { z in
      output.features.withUnsafeMutableBufferPointer { y in
        inputGradient.features.withUnsafeMutableBufferPointer { x in
          hidden.withUnsafeMutableBufferPointer { hidden in
            body(TraceBuffers(preActivation: z, output: y, inputGradient: x, hidden: hidden))
          }
        }
      }
    }
  }
}
