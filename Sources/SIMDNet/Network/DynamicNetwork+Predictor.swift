extension DynamicNetwork {
  /// A `DynamicNetwork`'s parameters laid out for predicting one example at
  /// a time — what a server does per request — with the bits of lane 0 of
  /// the four-example `forward`.
  ///
  /// Making one allocates (a copy of the parameters, transposed, and room
  /// for one example's hidden values); `predict(_:into:)` then allocates
  /// nothing. It is a snapshot: a network that learns further needs a new
  /// predictor. Each thread predicting needs its own (`predict` writes the
  /// predictor's scratch space; a copy shares it until then, copy on write).
  ///
  /// Layout: each layer's units in groups of four; for group `g`, the
  /// vectors `(w_(4g)i, …, w_(4g+3)i)` for every input `i`, then
  /// `(b_(4g), …, b_(4g+3))`, zero past the last unit. The pass is
  /// `DenseParameterStorage.forward(example:into:)`, the one the fixed
  /// shapes run, reading one vector per input and group.
  public struct Predictor: Sendable {
    /// Units per layer, the inputs first.
    public let layerWidths: [Int]
    /// Each layer's shape; its `parameterOffset` is where its first vector
    /// is in `columns`.
    @usableFromInline let layers: [DenseLayerShape]
    @usableFromInline let columns: [Lanes]
    /// One example's values after each layer: two layers' worth, written
    /// alternately, each rounded up to whole groups of four units; then,
    /// with an input scaling, room for the scaled inputs.
    @usableFromInline var scratch: [Double]
    /// The network's scaling, applied on the way in and out.
    public let inputScaling: FeatureScaling<[Double]>?
    public let outputScaling: FeatureScaling<[Double]>?

    /// The predictor of `network` as it is now.
    @inlinable
    public init(_ network: DynamicNetwork) {
      layerWidths = network.layerWidths
      var layers: [DenseLayerShape] = []
      var count = 0
      for shape in network.layers {
        layers.append(
          DenseLayerShape(
            inputWidth: shape.inputWidth, outputWidth: shape.outputWidth,
            activation: shape.activation, parameterOffset: count, traceOffset: -1))
        count += (shape.outputWidth + 3) / 4 * (shape.inputWidth + 1)
      }
      self.layers = layers
      var columns = [Lanes](repeating: .zero, count: count)
      network.values.withUnsafeBufferPointer { parameters in
        columns.withUnsafeMutableBufferPointer { columns in
          for (source, target) in zip(network.layers, layers) {
            let from = DenseLayerView(parameters, source)
            let to = DenseColumnView(columns.baseAddress!, target)
            for j in 0..<source.outputWidth {
              for i in 0..<source.inputWidth { to[weight: j, i] = from[weight: j, i] }
              to[bias: j] = from[bias: j]
            }
          }
        }
      }
      self.columns = columns
      let widest = layerWidths.dropFirst().max()!
      inputScaling = network.inputScaling
      outputScaling = network.outputScaling
      let scaledInputs = inputScaling == nil ? 0 : layerWidths[0]
      scratch = [Double](repeating: 0, count: 2 * ((widest + 3) / 4 * 4) + scaledInputs)
    }

    @inlinable
    public var inputWidth: Int { layerWidths[0] }

    @inlinable
    public var outputWidth: Int { layerWidths[layerWidths.count - 1] }

    /// The prediction `ŷ` for the example at `input` (raw features: the
    /// network's `inputScaling` is applied, its `outputScaling` undone),
    /// written to `output`; no allocation.
    @inlinable
    public mutating func predict(
      _ input: UnsafeBufferPointer<Double>, into output: UnsafeMutableBufferPointer<Double>
    ) {
      precondition(output.count == outputWidth, "buffers of another width")
      let outputScaling = outputScaling
      withPrediction(input) { y in
        for k in 0..<output.count { output[k] = y[unit: k] }
        if let outputScaling {
          for k in 0..<output.count { output[k] = outputScaling.unscaled(output[k], feature: k) }
        }
      }
    }

    /// The class of the example at `input` (raw features): the index of its
    /// largest output (`ExampleStorage.indexOfLargest(units:)`: ties to the
    /// lowest index, nil if any output is NaN). No allocation.
    @inlinable
    public mutating func classify(_ input: UnsafeBufferPointer<Double>) -> Int? {
      let count = outputWidth
      return withPrediction(input) { $0.indexOfLargest(units: count) }
    }

    /// Runs the one-example pass on `input` (raw features, scaled here by
    /// `inputScaling`) and calls `body` with its output, in the scratch
    /// space, before any output scaling is undone.
    @inlinable
    mutating func withPrediction<R>(
      _ input: UnsafeBufferPointer<Double>, _ body: (ExampleView) -> R
    ) -> R {
      precondition(input.count == inputWidth, "buffers of another width")
      let (inputScaling, inputWidth) = (inputScaling, inputWidth)
      let half = (scratch.count - (inputScaling == nil ? 0 : inputWidth)) / 2
      return layers.withUnsafeBufferPointer { layers in
        columns.withUnsafeBufferPointer { columns in
          scratch.withUnsafeMutableBufferPointer { scratch in
            var source = ExampleView(UnsafeMutablePointer(mutating: input.baseAddress!))
            if let inputScaling {
              let scaled = scratch.baseAddress! + 2 * half
              for i in 0..<inputWidth { scaled[i] = inputScaling.scaled(input[i], feature: i) }
              source = ExampleView(scaled)
            }
            for l in 0..<layers.count {
              var target = ExampleView(scratch.baseAddress! + (l % 2) * half)
              var layer = DenseColumnView(columns, layers[l])
              layer.forward(example: source, into: &target)
              source = target
            }
            return body(source)
          }
        }
      }
    }
  }

  /// The prediction `ŷ` for one example, units in lanes through a
  /// `Predictor` made for the call (which allocates; make one `Predictor`
  /// to predict many examples).
  @inlinable
  public func predict(_ example: [Double]) -> [Double] {
    precondition(example.count == inputWidth, "an example of the wrong width")
    var predictor = Predictor(self)
    var output = [Double](repeating: 0, count: outputWidth)
    example.withUnsafeBufferPointer { x in
      output.withUnsafeMutableBufferPointer { y in predictor.predict(x, into: y) }
    }
    return output
  }

  /// The class of one example, the index of its largest output, through a
  /// `Predictor` made for the call (see `predict(_:)`).
  @inlinable
  public func classify(_ example: [Double]) -> Int? {
    precondition(example.count == inputWidth, "an example of the wrong width")
    var predictor = Predictor(self)
    return example.withUnsafeBufferPointer { predictor.classify($0) }
  }
}

/// One layer of a `DynamicNetwork.Predictor`: groups of four units, each
/// its inputs' weight vectors and then its bias vector. Its shape's
/// `parameterOffset` counts vectors of the predictor's columns.
@usableFromInline
struct DenseColumnView: DenseParameterStorage {
  @usableFromInline let base: UnsafeMutablePointer<Lanes>
  @usableFromInline let shape: DenseLayerShape

  @inlinable @inline(__always)
  init(_ columns: UnsafeMutablePointer<Lanes>, _ shape: DenseLayerShape) {
    base = columns + shape.parameterOffset
    self.shape = shape
  }

  @inlinable var inputWidth: Int { shape.inputWidth }
  @inlinable var outputWidth: Int { shape.outputWidth }
  @inlinable var activation: Activation { shape.activation }

  /// The layer in a read-only buffer: the pass never writes through it.
  @inlinable @inline(__always)
  init(_ columns: UnsafeBufferPointer<Lanes>, _ shape: DenseLayerShape) {
    self.init(UnsafeMutablePointer(mutating: columns.baseAddress!), shape)
  }

  @inlinable @inline(__always)
  func group(_ j: Int) -> UnsafeMutablePointer<Lanes> { base + j / 4 * (inputWidth + 1) }

  @inlinable
  subscript(weight j: Int, _ i: Int) -> Double {
    get { group(j)[i][j % 4] }
    nonmutating set { group(j)[i][j % 4] = newValue }
  }

  @inlinable
  subscript(bias j: Int) -> Double {
    get { group(j)[inputWidth][j % 4] }
    nonmutating set { group(j)[inputWidth][j % 4] = newValue }
  }

  @inlinable @inline(__always)
  func weights(ofInput i: Int, units first: Int) -> Lanes { group(first)[i] }

  @inlinable @inline(__always)
  func biases(units first: Int) -> Lanes { group(first)[inputWidth] }
}

/// One example's values at a pointer, for the length of one pass. A layer
/// writes whole groups of four: the buffer has room for them.
@usableFromInline
struct ExampleView: ExampleStorage {
  @usableFromInline let base: UnsafeMutablePointer<Double>

  @inlinable @inline(__always)
  init(_ base: UnsafeMutablePointer<Double>) { self.base = base }

  @inlinable
  subscript(unit unit: Int) -> Double {
    get { base[unit] }
    nonmutating set { base[unit] = newValue }
  }

  /// All four lanes, padding too: one vector store. (Lane by lane, with a
  /// count known only at run time, the optimiser computed the sigmoid lane
  /// by lane as well, four times the work.)
  @inlinable @inline(__always)
  func store(_ values: Lanes, units first: Int, count: Int) {
    UnsafeMutableRawPointer(base + first).storeBytes(of: values, as: Lanes.self)
  }
}
