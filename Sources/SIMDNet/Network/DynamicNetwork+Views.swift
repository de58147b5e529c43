/// Where one layer of a `DynamicNetwork` lives in its buffers.
@usableFromInline
struct DenseLayerShape: Sendable {
  @usableFromInline let inputWidth: Int
  @usableFromInline let outputWidth: Int
  @usableFromInline let activation: Activation
  /// The index of the layer's first weight in the network's parameter
  /// order, and of its first entry in a gradient.
  @usableFromInline let parameterOffset: Int
  /// For a hidden layer, where its `Z`, `Ŷ` and `∂Cost/∂Z` start in the
  /// trace's hidden buffer; −1 for the output layer.
  @usableFromInline let traceOffset: Int

  @inlinable
  init(
    inputWidth: Int, outputWidth: Int, activation: Activation, parameterOffset: Int,
    traceOffset: Int
  ) {
    self.inputWidth = inputWidth
    self.outputWidth = outputWidth
    self.activation = activation
    self.parameterOffset = parameterOffset
    self.traceOffset = traceOffset
  }
}

/// Lanes at a pointer, for the length of one pass.
@usableFromInline
struct LaneView: LaneStorage {
  @usableFromInline let base: UnsafeMutablePointer<Lanes>
  @usableFromInline let width: Int

  @inlinable
  init(_ base: UnsafeMutablePointer<Lanes>, width: Int) {
    self.base = base
    self.width = width
  }

  /// A read-only buffer: the passes never write through such a view.
  @inlinable
  init(_ buffer: UnsafeBufferPointer<Lanes>) {
    self.init(UnsafeMutablePointer(mutating: buffer.baseAddress!), width: buffer.count)
  }

  @inlinable
  subscript(feature feature: Int) -> Lanes {
    get { base[feature] }
    nonmutating set { base[feature] = newValue }
  }
}

/// One layer's slice of a `DynamicNetwork`'s buffers: its weights and
/// biases (`Element` is `Double`), or their per-lane gradient or optimizer
/// memory (`OptimizerMemory`), laid out alike: `w_ji` at `j·inputWidth + i`, then
/// `b_j` after the weights.
@usableFromInline
struct DenseLayerView<Element> {
  @usableFromInline let weights: UnsafeMutablePointer<Element>
  @usableFromInline let biases: UnsafeMutablePointer<Element>
  @usableFromInline let inputWidth: Int
  @usableFromInline let outputWidth: Int
  @usableFromInline let activation: Activation

  /// The layer `shape` describes in the buffer at `base`.
  @inlinable @inline(__always)
  init(_ base: UnsafeMutablePointer<Element>, _ shape: DenseLayerShape) {
    weights = base + shape.parameterOffset
    biases = weights + shape.inputWidth * shape.outputWidth
    inputWidth = shape.inputWidth
    outputWidth = shape.outputWidth
    activation = shape.activation
  }

  @inlinable
  subscript(weight j: Int, _ i: Int) -> Element {
    get { weights[j * inputWidth + i] }
    nonmutating set { weights[j * inputWidth + i] = newValue }
  }

  @inlinable
  subscript(bias j: Int) -> Element {
    get { biases[j] }
    nonmutating set { biases[j] = newValue }
  }
}

extension DenseLayerView: DenseParameterStorage where Element == Double {
  /// The layer in a read-only parameter buffer: the passes never write
  /// through it.
  @inlinable @inline(__always)
  init(_ parameters: UnsafeBufferPointer<Double>, _ shape: DenseLayerShape) {
    self.init(UnsafeMutablePointer(mutating: parameters.baseAddress!), shape)
  }
}

extension DenseLayerView: DenseGradientStorage where Element == Lanes {}

/// Pointers to a `DynamicNetwork.Trace`'s buffers for one pass.
@usableFromInline
struct TraceBuffers {
  @usableFromInline let preActivation: LaneView
  @usableFromInline let output: LaneView
  @usableFromInline let inputGradient: LaneView
  /// Nil when there is no hidden layer.
  @usableFromInline let hidden: UnsafeMutablePointer<Lanes>?

  @inlinable @inline(__always)
  init(
    preActivation: UnsafeMutableBufferPointer<Lanes>, output: UnsafeMutableBufferPointer<Lanes>,
    inputGradient: UnsafeMutableBufferPointer<Lanes>, hidden: UnsafeMutableBufferPointer<Lanes>
  ) {
    self.preActivation = LaneView(preActivation.baseAddress!, width: preActivation.count)
    self.output = LaneView(output.baseAddress!, width: output.count)
    self.inputGradient = LaneView(inputGradient.baseAddress!, width: inputGradient.count)
    self.hidden = hidden.isEmpty ? nil : hidden.baseAddress
  }

  /// `Z` and `Ŷ` of the layer `shape` describes: its slice of the hidden
  /// buffer, or the output layer's buffers.
  @inlinable @inline(__always)
  func values(of shape: DenseLayerShape) -> (preActivation: LaneView, output: LaneView) {
    guard shape.traceOffset >= 0 else { return (preActivation, output) }
    let start = hidden! + shape.traceOffset
    return (
      LaneView(start, width: shape.outputWidth),
      LaneView(start + shape.outputWidth, width: shape.outputWidth)
    )
  }

  /// `∂Cost/∂Z` of the hidden layer `shape` describes.
  @inlinable @inline(__always)
  func preActivationGradient(of shape: DenseLayerShape) -> LaneView {
    LaneView(hidden! + shape.traceOffset + 2 * shape.outputWidth, width: shape.outputWidth)
  }
}
