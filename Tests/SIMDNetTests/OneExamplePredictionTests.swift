import SIMDNet
import SIMDNetTestSupport
import Testing

/// One-example prediction (units in lanes) against the reference of record,
/// the four-example pass (lanes = examples), bit for bit: each example of a
/// block of four distinct examples, and an example alone in lane 0 of a
/// zeroed block; and against a scalar formula written out here. Every
/// activation, widths 1 to 17 and depths 0 to 4 through the run-time
/// network, a few fixed shapes of every depth, on ordinary, extreme and
/// non-finite inputs.
@Suite("One-example prediction")
struct OneExamplePredictionTests {
  /// Inputs that are not ordinary numbers.
  static let edges: [Double] = [
    0, -0.0, .leastNonzeroMagnitude, -.leastNonzeroMagnitude, .leastNormalMagnitude,
    -.leastNormalMagnitude.nextDown, 1e300, -1e300, .greatestFiniteMagnitude,
    -.greatestFiniteMagnitude, .infinity, -.infinity, .nan, 745.2, -709.8, 16, -16,
  ]

  /// `count` examples of `width` inputs: mostly ordinary, in [−3, 3], some
  /// log-uniform over many binades, and one edge value per example after the
  /// first few.
  static func examples(width: Int, count: Int, seed: UInt64) -> [[Double]] {
    var random = SplitMix64(state: seed)
    return (0..<count).map { n in
      (0..<width).map { i in
        switch random.next() % 8 {
        case 0 where n >= 4: edges[Int(random.next() % UInt64(edges.count))]
        case 1: random.logUniform(-1074...1023, signed: true)
        default: random.uniform(-3, 3)
        }
      }
    }
  }

  /// Parameters spread so that pre-activations reach σ's tails and ReLU's
  /// negative side, a few exactly zero or negative zero.
  static func parameters(count: Int, seed: UInt64) -> [Double] {
    var random = SplitMix64(state: seed)
    return (0..<count).map { _ in
      switch random.next() % 16 {
      case 0: 0
      case 1: -0.0
      default: random.uniform(-2.5, 2.5)
      }
    }
  }

  /// The activations for a network of `layers` layers: all `activation`, or
  /// with nil, every activation in turn; softmax, an output-layer
  /// activation, only in the output layer (hidden ones then take the
  /// elementwise activations in turn).
  static func activations(_ activation: Activation?, layers: Int) -> [Activation] {
    let all = Activation.allCases
    let hidden = all.filter(\.isElementwise)
    return (0..<layers).map { l in
      let wanted = activation ?? all[l % all.count]
      return l == layers - 1 || wanted.isElementwise ? wanted : hidden[l % hidden.count]
    }
  }

  static func bits(_ values: [Double]) -> [UInt64] { values.map(\.bitPattern) }

  /// `ŷ` for one example from the scalar formula, unit by unit: `z_j` from
  /// zero, adding `x_i·w_ji` in input order, then `b_j`; `f` on a vector
  /// holding `z_j` in lane 0; softmax by `scalarSoftmax`.
  static func scalarReference<Net: Network>(_ network: Net, _ x: [Double]) -> [Double] {
    let widths = network.layerWidths
    var values = x
    var p = 0
    for (l, f) in network.layerActivations.enumerated() {
      let (inputs, outputs) = (widths[l], widths[l + 1])
      var z = [Double](repeating: 0, count: outputs)
      for j in 0..<outputs {
        var sum = 0.0
        for i in 0..<inputs { sum = sum + values[i] * network[parameter: p + j * inputs + i] }
        z[j] = sum + network[parameter: p + outputs * inputs + j]
      }
      p += (inputs + 1) * outputs
      values = f == .softmax ? scalarSoftmax(z) : z.map { f(Lanes($0, 0, 0, 0))[0] }
    }
    return values
  }

  /// Every one-example path of a network of type `Net` against the
  /// four-example pass and the scalar formula, on `count` examples.
  static func run<Net: FixedShape, let I: Int, let O: Int>(
    _: Net.Type, _ activation: Activation?, seed: UInt64, count: Int = 24
  ) where Net.Input == InlineArray<I, Lanes>, Net.Output == InlineArray<O, Lanes> {
    let network = Net(
      activations: activations(activation, layers: Net.layerCount),
      parameters: parameters(count: Net.parameterCount, seed: seed))
    let dynamic = DynamicNetwork(network)
    var predictor = DynamicNetwork.Predictor(dynamic)
    var inPlace = network
    let xs = examples(width: I, count: count, seed: seed &+ 1)
    for first in stride(from: 0, to: xs.count, by: 4) {
      // Four distinct examples in the lanes of one block.
      var block = Net.Input(width: I)
      for k in 0..<4 { block.setLane(k, to: InlineArray<I, Double> { xs[first + k][$0] }) }
      let four = network.predict(block)
      for k in 0..<4 {
        let x = xs[first + k]
        let example = InlineArray<I, Double> { x[$0] }
        let expected = bits((0..<O).map { four[$0][k] })
        let label = "\(Net.self) \(network.layerActivations) example \(x)"

        // Alone in lane 0 of a zeroed block: the default path's definition.
        var alone = Net.Input(width: I)
        alone.setLane(0, to: example)
        let lane0 = network.predict(alone)
        #expect(bits((0..<O).map { lane0[$0][0] }) == expected, "lane 0, \(label)")

        // The scalar formula.
        #expect(bits(scalarReference(network, x)) == expected, "scalar, \(label)")

        // The fixed shape's one-example paths.
        let copied = network.predict(example)
        #expect(bits((0..<O).map { copied[$0] }) == expected, "predict(_:), \(label)")
        var y = InlineArray<O, Double>(repeating: .nan)
        inPlace.predict(example, into: &y)
        #expect(bits((0..<O).map { y[$0] }) == expected, "predict(_:into:), \(label)")
        var buffered = [Double](repeating: .nan, count: O)
        x.withUnsafeBufferPointer { x in
          buffered.withUnsafeMutableBufferPointer { inPlace.predict(x, into: $0) }
        }
        #expect(bits(buffered) == expected, "predict(buffers), \(label)")
        let expectedClass = scalarArgmax((0..<O).map { four[$0][k] })
        #expect(network.classify(example) == expectedClass, "classify(_:), \(label)")
        #expect(
          x.withUnsafeBufferPointer { inPlace.classify($0) } == expectedClass,
          "classify(buffer), \(label)")

        // The run-time network: its predictor, and predict(_:) of an array.
        var viaPredictor = [Double](repeating: .nan, count: O)
        x.withUnsafeBufferPointer { x in
          viaPredictor.withUnsafeMutableBufferPointer { predictor.predict(x, into: $0) }
        }
        #expect(bits(viaPredictor) == expected, "Predictor, \(label)")
        #expect(bits(dynamic.predict(x)) == expected, "DynamicNetwork.predict, \(label)")
        #expect(
          x.withUnsafeBufferPointer { predictor.classify($0) } == expectedClass,
          "Predictor.classify, \(label)")
      }
    }
    // The one-example paths read the parameters, never write them.
    #expect(bits(inPlace.parameters) == bits(network.parameters))
  }

  /// Every one-example path of a run-time network of these widths against
  /// its own four-example pass and the scalar formula, on `count` examples.
  static func runDynamic(
    _ widths: [Int], _ activation: Activation?, seed: UInt64, count: Int = 24
  ) {
    var network = DynamicNetwork(
      layerWidths: widths, activations: activations(activation, layers: widths.count - 1))
    let values = parameters(count: network.parameterCount, seed: seed)
    for p in values.indices { network[parameter: p] = values[p] }
    var predictor = DynamicNetwork.Predictor(network)
    var trace = network.makeTrace()
    let (inputs, outputs) = (widths[0], widths[widths.count - 1])
    let xs = examples(width: inputs, count: count, seed: seed &+ 1)
    for first in stride(from: 0, to: xs.count, by: 4) {
      // Four distinct examples in the lanes of one block.
      var block = LaneArray(width: inputs)
      for i in 0..<inputs {
        block[feature: i] = Lanes((0..<4).map { xs[first + $0][i] })
      }
      network.forward(block, trace: &trace)
      let four = trace.output
      for k in 0..<4 {
        let x = xs[first + k]
        let expected = bits((0..<outputs).map { four[feature: $0][k] })
        let label = "\(widths) \(network.layerActivations) example \(x)"

        // Alone in lane 0 of a zeroed block.
        var alone = LaneArray(width: inputs)
        for i in 0..<inputs { alone[feature: i] = Lanes(x[i], 0, 0, 0) }
        network.forward(alone, trace: &trace)
        #expect(
          bits((0..<outputs).map { trace.output[feature: $0][0] }) == expected,
          "lane 0, \(label)")

        #expect(bits(scalarReference(network, x)) == expected, "scalar, \(label)")

        var viaPredictor = [Double](repeating: .nan, count: outputs)
        x.withUnsafeBufferPointer { x in
          viaPredictor.withUnsafeMutableBufferPointer { predictor.predict(x, into: $0) }
        }
        #expect(bits(viaPredictor) == expected, "Predictor, \(label)")
        #expect(bits(network.predict(x)) == expected, "DynamicNetwork.predict, \(label)")
        let expectedClass = scalarArgmax((0..<outputs).map { four[feature: $0][k] })
        #expect(
          x.withUnsafeBufferPointer { predictor.classify($0) } == expectedClass,
          "Predictor.classify, \(label)")
        #expect(network.classify(x) == expectedClass, "DynamicNetwork.classify, \(label)")
      }
    }
  }

  /// Every activation, and all of them mixed (nil).
  static let cases: [Activation?] = Activation.allCases + [nil]

  /// Widths 1 to 17 — whole groups of four units and every remainder — at
  /// depths 0 to 4, through the run-time network. It runs the same
  /// arithmetic as the fixed shapes (`DenseParameterStorage`), so the widths
  /// are covered here, where no shape is specialised at compile time.
  static let shapes: [[Int]] = [
    [1, 1], [3, 5], [17, 9], [5, 17], [9, 3],
    [2, 2, 1], [8, 16, 2], [9, 17, 3], [1, 5, 1],
    [3, 5, 9, 1], [17, 1, 3, 5],
    [5, 9, 9, 3, 17, 1], [1, 3, 3, 5, 5, 9, 17, 3],
  ]

  @Test("the run-time network: widths 1 to 17, depths 0 to 4", arguments: cases)
  func runTime(activation: Activation?) {
    for (n, widths) in Self.shapes.enumerated() {
      Self.runDynamic(widths, activation, seed: 100 + UInt64(n))
    }
  }

  // The fixed shapes: each shape is specialised and inlined at compile
  // time, which costs build time — with `-O`, more than in proportion to
  // the shape: 5-17, 8-16-2 and 9-17-3 here once took most of the release
  // build — so a few small ones cover each path: every depth, and every
  // remainder of units past a group of four. The widths up to 17 are
  // covered above, at run time, by the same arithmetic.

  @Test("fixed shapes: no hidden layer", arguments: cases)
  func depth0(activation: Activation?) {
    Self.run(Layer<1, 1>.self, activation, seed: 1)
    Self.run(Layer<5, 7>.self, activation, seed: 4)
  }

  @Test("fixed shapes: XOR 2-2-1, 4-8-2 and 3-6-3", arguments: cases)
  func depth1(activation: Activation?) {
    Self.run(MLP1<2, 2, 1>.self, activation, seed: 11)
    Self.run(MLP1<4, 8, 2>.self, activation, seed: 12)
    Self.run(MLP1<3, 6, 3>.self, activation, seed: 13)
  }

  @Test("fixed shapes: two to four hidden layers", arguments: cases)
  func deeper(activation: Activation?) {
    Self.run(MLP2<3, 5, 9, 1>.self, activation, seed: 21)
    Self.run(Stack<Layer<1, 3>, Stack<Layer<3, 5>, MLP2<5, 2, 3, 3>>>.self, activation, seed: 32)
  }

  @Test("a NaN input with a payload gives the four-example pass's NaN")
  func nanPayload() {
    let quiet = Double(nan: 0x1234, signaling: false)
    for activation in Activation.allCases where activation.isElementwise {
      let network = MLP1<2, 3, 1>(
        activations: [activation, .linear], parameters: Self.parameters(count: 13, seed: 41))
      let example: InlineArray<2, Double> = [quiet, 1]
      var block = InlineArray<2, Lanes>(repeating: .zero)
      block.setLane(0, to: example)
      let expected = network.predict(block)[0][0]
      #expect(network.predict(example)[0].bitPattern == expected.bitPattern, "\(activation)")
    }
  }

  @Test("the predictor is a snapshot: a network changed after it was made is not seen")
  func snapshot() {
    var network = DynamicNetwork(layerWidths: [2, 3, 1], activations: [.tanh, .sigmoid])
    for p in 0..<network.parameterCount { network[parameter: p] = Double(p) / 10 - 0.5 }
    var predictor = DynamicNetwork.Predictor(network)
    let before = network.predict([0.25, -1])
    network[parameter: 0] = 3
    var y = [Double.nan]
    [0.25, -1.0].withUnsafeBufferPointer { x in
      y.withUnsafeMutableBufferPointer { predictor.predict(x, into: $0) }
    }
    #expect(y == before)
    #expect(network.predict([0.25, -1]) != before)
  }
}
