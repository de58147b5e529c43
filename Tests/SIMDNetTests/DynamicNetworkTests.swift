import SIMDNet
import SIMDNetTestSupport
import Testing

/// The run-time network computes exactly what the compile-time network of
/// the same shape computes — `Layer`, `MLP1`, `MLP2` and deeper `Stack`s —
/// bit for bit, for every activation, loss and optimizer, and trains,
/// predicts and learns without allocating.
@Suite("Dynamic network")
struct DynamicNetworkTests {
  typealias Depth3 = Stack<Layer<3, 5>, Stack<Layer<5, 4>, Stack<Layer<4, 6>, Layer<6, 2>>>>
  typealias Depth4 = Stack<
    Layer<3, 5>, Stack<Layer<5, 4>, Stack<Layer<4, 6>, Stack<Layer<6, 3>, Layer<3, 2>>>>
  >

  static let descentsAndOptimizers: [(Batching, Optimizer)] = [
    (.batch, .gradientDescent), (.miniBatch(size: 3), .gradientDescent),
    (.stochastic, .gradientDescent), (.batch, .rprop(RPROP())),
    (.miniBatch(size: 3), .momentum(Momentum())), (.stochastic, .adam(Adam())),
  ]

  /// Eleven examples with three inputs and two targets in [0, 1].
  static func examples(seed: UInt64, count: Int = 11) -> [(x: [Double], y: [Double])] {
    var generator = MersenneTwister(seed: seed)
    return (0..<count).map { _ in
      (
        [generator.flat(from: -2, to: 2), generator.flat(from: -2, to: 2), generator.uniform()],
        [generator.uniform(), generator.uniform() > 0.5 ? 1 : 0]
      )
    }
  }

  /// Every hidden activation at every depth (rotated through the layers),
  /// and every output activation a loss applies to.
  static func activationSets(depth: Int) -> [[Activation]] {
    let all = Activation.allCases
    let hidden = all.filter(\.isElementwise)
    var sets: [[Activation]] = []
    for (n, output) in all.enumerated() {
      sets.append((0..<depth).map { hidden[(n + $0) % hidden.count] } + [output])
    }
    return sets
  }

  /// Trains the fixed network `F` and the dynamic network of its shape side
  /// by side from the same initial weights, and compares every bit.
  static func compare<F: FixedShape>(
    _: F.Type, activations: [Activation], loss: Loss, batching: Batching,
    optimizer: Optimizer, seed: UInt64
  ) {
    let examples = Self.examples(seed: seed)
    var fixed = F(activations: activations[...])
    var generator = MersenneTwister(seed: seed)
    fixed.initialize(.xavier, using: &generator)
    var dynamic = DynamicNetwork(layerWidths: fixed.layerWidths, activations: activations)
    generator = MersenneTwister(seed: seed)
    dynamic.initialize(.xavier, using: &generator)
    #expect(DynamicNetwork(fixed).parameters == fixed.parameters)
    #expect(dynamic.parameters == fixed.parameters, "the same initial draw")

    var fixedData = Dataset<F.Input, F.Output>(count: examples.count) { n in
      (
        Self.scalars(examples[n].x, as: F.Input.self),
        Self.scalars(examples[n].y, as: F.Output.self)
      )
    }
    var dynamicData = Dataset<LaneArray, LaneArray>(
      count: examples.count, inputWidth: 3, targetWidth: 2
    ) { n in (examples[n].x, examples[n].y) }
    var a = Training(
      network: fixed, loss: loss, learningRate: 0.3, batching: batching, optimizer: optimizer,
      shuffleSeed: 5)
    var b = Training(
      network: dynamic, loss: loss, learningRate: 0.3, batching: batching, optimizer: optimizer,
      shuffleSeed: 5)
    a.run(epochs: 7, on: &fixedData)
    b.run(epochs: 7, on: &dynamicData)
    let what = "\(fixed.layerWidths) \(activations), \(loss), \(batching), \(optimizer)"
    #expect(
      a.network.parameters.map(\.bitPattern) == b.network.parameters.map(\.bitPattern), "\(what)")
    #expect(
      a.network.cost(on: fixedData, loss: loss).bitPattern
        == b.network.cost(on: dynamicData, loss: loss).bitPattern, "\(what)")
    let block = (fixedData.blocks[1], dynamicData.blocks[1])
    let (ya, yb) = (a.network.predict(block.0.inputs), b.network.predict(block.1.inputs))
    for k in 0..<2 {
      for lane in 0..<4 {
        #expect(ya[feature: k][lane].bitPattern == yb[feature: k][lane].bitPattern, "\(what)")
      }
    }
    // The gradient the backward pass leaves, input gradient included.
    var traceA = a.network.makeTrace()
    var traceB = b.network.makeTrace()
    var gradientA = a.network.makeGradient()
    var gradientB = b.network.makeGradient()
    a.network.forward(block.0.inputs, trace: &traceA)
    b.network.forward(block.1.inputs, trace: &traceB)
    a.network.backward(
      preActivationGradient: traceA.output, input: block.0.inputs, trace: &traceA,
      gradient: &gradientA,
      propagates: true)
    b.network.backward(
      preActivationGradient: traceB.output, input: block.1.inputs, trace: &traceB,
      gradient: &gradientB,
      propagates: true)
    for p in 0..<F.parameterCount {
      #expect(gradientA[parameter: p].bitPattern == gradientB[parameter: p].bitPattern, "\(what)")
    }
    // The output layer's local gradient, applied in place.
    var upstreamA = traceA.preActivation
    var upstreamB = traceB.preActivation
    a.network.applyLocalGradient(&upstreamA, trace: traceA)
    b.network.applyLocalGradient(&upstreamB, trace: traceB)
    for k in 0..<2 {
      for lane in 0..<4 {
        #expect(
          upstreamA[feature: k][lane].bitPattern == upstreamB[feature: k][lane].bitPattern,
          "\(what)")
      }
    }
    for i in 0..<3 {
      for lane in 0..<4 {
        #expect(
          traceA.inputGradient[feature: i][lane].bitPattern
            == traceB.inputGradient[feature: i][lane].bitPattern, "\(what)")
      }
    }
  }

  /// `values` as one example's `Scalars` of `V`: put in lane 0 and read
  /// back.
  static func scalars<V: LaneVector>(_ values: [Double], as: V.Type) -> V.Scalars {
    var vector = V(width: values.count)
    for i in values.indices { vector[feature: i] = Lanes(values[i], 0, 0, 0) }
    return vector.lane(0)
  }

  static func compareAll<F: FixedShape>(_ type: F.Type, depth: Int, seed: UInt64) {
    for activations in activationSets(depth: depth) {
      for loss in Loss.allCases
      where loss == .halfSquaredError || activations.last!.isSigmoid
        || activations.last! == .softmax
      {
        for (batching, optimizer) in descentsAndOptimizers {
          compare(
            type, activations: activations, loss: loss, batching: batching, optimizer: optimizer,
            seed: seed)
        }
      }
    }
  }

  @Test("no hidden layer: the same bits as Layer")
  func depth0() { Self.compareAll(Layer<3, 2>.self, depth: 0, seed: 30) }

  @Test("one hidden layer: the same bits as MLP1")
  func depth1() { Self.compareAll(MLP1<3, 5, 2>.self, depth: 1, seed: 31) }

  @Test("two hidden layers: the same bits as MLP2")
  func depth2() { Self.compareAll(MLP2<3, 5, 4, 2>.self, depth: 2, seed: 32) }

  @Test("three hidden layers: the same bits as nested Stacks")
  func depth3() { Self.compareAll(Depth3.self, depth: 3, seed: 33) }

  @Test("four hidden layers: the same bits as nested Stacks")
  func depth4() { Self.compareAll(Depth4.self, depth: 4, seed: 34) }

  @Test("wider than four units, and one-unit layers: the same bits")
  func widths() {
    typealias Wide = Stack<Layer<3, 9>, Stack<Layer<9, 1>, Stack<Layer<1, 7>, Layer<7, 2>>>>
    Self.compareAll(Wide.self, depth: 3, seed: 35)
  }

  @Test("backpropagation agrees with the numerical gradient at depth 4")
  func gradientChecks() {
    let examples = Self.examples(seed: 36, count: 7)
    let data = Dataset<LaneArray, LaneArray>(count: 7, inputWidth: 3, targetWidth: 2) {
      (examples[$0].x, examples[$0].y)
    }
    var network = DynamicNetwork(
      layerWidths: [3, 5, 4, 6, 3, 2], activations: [.tanh, .sigmoid, .tanh, .sigmoid, .sigmoid])
    var generator = MersenneTwister(seed: 36)
    network.initialize(.xavier, using: &generator)
    for loss in Loss.allCases {
      let check = network.checkGradient(on: data, loss: loss)
      #expect(check.passed, "\(loss): worst \(check.maxRelativeError)")
      #expect(check.parameters == network.parameterCount)
      var softmax = DynamicNetwork(
        layerWidths: network.layerWidths, activations: [.tanh, .sigmoid, .tanh, .sigmoid, .softmax])
      for p in 0..<network.parameterCount { softmax[parameter: p] = network[parameter: p] }
      let softmaxCheck = softmax.checkGradient(on: data, loss: loss)
      #expect(softmaxCheck.passed, "softmax, \(loss): worst \(softmaxCheck.maxRelativeError)")
    }
  }

  @Test("parameters are numbered layer by layer, weights row by row, then biases")
  func parameterOrder() {
    var network = DynamicNetwork(layerWidths: [2, 3, 1], activations: [.linear, .linear])
    #expect(network.parameterCount == 2 * 3 + 3 + 3 * 1 + 1)
    for p in 0..<network.parameterCount { network[parameter: p] = Double(p + 1) }
    // Hidden unit j: w_j0 = 2j+1, w_j1 = 2j+2, b_j = 7+j; output: w = 10, 11, 12, b = 13.
    var input = LaneArray(width: 2)
    input[feature: 0] = Lanes(1, 0, 0, 2)
    input[feature: 1] = Lanes(0, 1, 0, 3)
    let hidden = (0..<3).map { j in
      (0..<4).map { lane -> Double in
        let x = (input[feature: 0][lane], input[feature: 1][lane])
        return Double(2 * j + 1) * x.0 + Double(2 * j + 2) * x.1 + Double(7 + j)
      }
    }
    let output = network.predict(input)
    for lane in 0..<4 {
      let expected = 10 * hidden[0][lane] + 11 * hidden[1][lane] + 12 * hidden[2][lane] + 13
      #expect(output[feature: 0][lane] == expected)
    }
  }

  @Test("the README's run-time network example runs, and its twin predicts the same bits")
  func readmeExample() {
    var generator = MersenneTwister(seed: 4357)
    let xor = MLP1<2, 2, 1>(
      Layer(activation: .sigmoid, initialization: .xavier, using: &generator),
      Layer(activation: .sigmoid, initialization: .xavier, using: &generator))
    var net = DynamicNetwork(layerWidths: [2, 8, 8, 1], activations: [.tanh, .tanh, .sigmoid])
    net.initialize(.xavier, using: &generator)
    var trace = net.makeTrace()
    var block = LaneArray(width: 2)
    block[feature: 0] = [0, 0, 1, 1]
    block[feature: 1] = [0, 1, 0, 1]
    net.forward(block, trace: &trace)
    #expect(trace.output[feature: 0] == net.predict(block)[feature: 0])
    let copy = DynamicNetwork(xor)
    var fixedBlock = InlineArray<2, Lanes>(repeating: .zero)
    fixedBlock[0] = block[feature: 0]
    fixedBlock[1] = block[feature: 1]
    #expect(copy.predict(block)[feature: 0] == xor.predict(fixedBlock)[0])
  }

  @Test("a copy is a value: changing it leaves the original as it was")
  func valueSemantics() {
    var a = DynamicNetwork(layerWidths: [2, 2, 1], activations: [.sigmoid, .sigmoid])
    var generator = MersenneTwister(seed: 37)
    a.initialize(.xavier, using: &generator)
    let before = a.parameters
    var b = a
    var training = Training(network: b, learningRate: 0.5)
    var data = Dataset<LaneArray, LaneArray>(count: 4, inputWidth: 2, targetWidth: 1) { n in
      ([Double(n / 2), Double(n % 2)], [Double((n / 2) ^ (n % 2))])
    }
    training.run(epochs: 3, on: &data)
    b[parameter: 0] = 42
    #expect(a.parameters == before)
    #expect(training.network.parameters != before)
    #expect(b.parameters[0] == 42)
    a = b
    #expect(a[parameter: 0] == 42)
  }

  @Test(
    "an epoch, a prediction, a class and a learn step allocate nothing once made",
    .enabled(if: isOptimized), .enabled(if: allocationCounterIsCounting, allocationCounterIsOff),
    arguments: Self.descentsAndOptimizers)
  func allocationFree(batching: Batching, optimizer: Optimizer) {
    let examples = Self.examples(seed: 38, count: 9)
    var data = Dataset<LaneArray, LaneArray>(count: 9, inputWidth: 3, targetWidth: 2) {
      (examples[$0].x, examples[$0].y)
    }
    for output in [Activation.sigmoid, .softmax] {
      for loss in Loss.allCases {
        var network = DynamicNetwork(
          layerWidths: [3, 5, 4, 6, 2], activations: [.relu, .tableSigmoid, .tanh, output])
        var generator = MersenneTwister(seed: 38)
        network.initialize(.he, using: &generator)
        var training = Training(
          network: network, loss: loss, learningRate: 0.1, batching: batching,
          optimizer: optimizer, shuffleSeed: 1)
        let label = "\(output) \(loss)"
        #expect(allocations { training.runEpoch(on: &data) } == 0, "epoch, \(label)")
        var trace = network.makeTrace()
        let block = data.blocks[0]
        #expect(
          allocations { network.forward(block.inputs, trace: &trace) } == 0, "forward, \(label)")
        var predictor = DynamicNetwork.Predictor(network)
        var outputs = [Double](repeating: 0, count: 2)
        examples[0].x.withUnsafeBufferPointer { x in
          outputs.withUnsafeMutableBufferPointer { y in
            #expect(allocations { predictor.predict(x, into: y) } == 0, "one example, \(label)")
          }
          #expect(allocations { _ = predictor.classify(x) } == 0, "classify, \(label)")
        }
        #expect(
          allocations {
            training.gradient.reset()
            training.accumulateGradient(of: block, scale: 1)
            training.update()
          } == 0, "learn step, \(label)")
        var scaledNetwork = network
        scaledNetwork.inputScaling = FeatureScaling(
          shift: [Double](repeating: 0.5, count: network.inputWidth),
          spread: [Double](repeating: 3, count: network.inputWidth))
        scaledNetwork.outputScaling = FeatureScaling(shift: [1, 2], spread: [4, 5])
        var scaled = DynamicNetwork.Predictor(scaledNetwork)
        examples[0].x.withUnsafeBufferPointer { x in
          outputs.withUnsafeMutableBufferPointer { y in
            #expect(allocations { scaled.predict(x, into: y) } == 0, "one example scaled, \(label)")
          }
        }
      }
    }
  }
}
