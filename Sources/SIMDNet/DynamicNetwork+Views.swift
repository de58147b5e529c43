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

/// One layer's weights and biases in a `DynamicNetwork`'s parameter
/// buffer: `w_ji` at `j·inputWidth + i`, then `b_j` after the weights.
@usableFromInline
struct DenseLayerView: DenseParameterStorage {
  @usableFromInline let weights: UnsafeMutablePointer<Double>
  @usableFromInline let biases: UnsafeMutablePointer<Double>
  @usableFromInline let inputWidth: Int
  @usableFromInline let outputWidth: Int
  @usableFromInline let activation: Activation

  /// The layer `shape` describes in `parameters`; writes go through only
  /// where the caller holds the buffer mutably.
  @inlinable @inline(__always)
  init(_ parameters: UnsafeBufferPointer<Double>, _ shape: DenseLayerShape) {
    weights = UnsafeMutablePointer(mutating: parameters.baseAddress! + shape.parameterOffset)
    biases = weights + shape.inputWidth * shape.outputWidth
    inputWidth = shape.inputWidth
    outputWidth = shape.outputWidth
    activation = shape.activation
  }

  @inlinable
  subscript(weight j: Int, _ i: Int) -> Double {
    get { weights[j * inputWidth + i] }
    nonmutating set { weights[j * inputWidth + i] = newValue }
  }

  @inlinable
  subscript(bias j: Int) -> Double {
    get { biases[j] }
    nonmutating set { biases[j] = newValue }
  }
}

/// One layer's per-lane gradient in a `DynamicNetwork.Gradient`, laid out
/// like its parameters.
@usableFromInline
struct DenseGradientView: DenseGradientStorage {
  @usableFromInline let weights: UnsafeMutablePointer<Lanes>
  @usableFromInline let biases: UnsafeMutablePointer<Lanes>
  @usableFromInline let inputWidth: Int

  @inlinable @inline(__always)
  init(_ entries: UnsafeMutableBufferPointer<Lanes>, _ shape: DenseLayerShape) {
    weights = entries.baseAddress! + shape.parameterOffset
    biases = weights + shape.inputWidth * shape.outputWidth
    inputWidth = shape.inputWidth
  }

  @inlinable
  subscript(weight j: Int, _ i: Int) -> Lanes {
    get { weights[j * inputWidth + i] }
    nonmutating set { weights[j * inputWidth + i] = newValue }
  }

  @inlinable
  subscript(bias j: Int) -> Lanes {
    get { biases[j] }
    nonmutating set { biases[j] = newValue }
  }
}

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
  func delta(of shape: DenseLayerShape) -> LaneView {
    LaneView(hidden! + shape.traceOffset + 2 * shape.outputWidth, width: shape.outputWidth)
  }
}
