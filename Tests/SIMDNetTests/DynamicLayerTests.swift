import SIMDNet
import Testing

/// Networks whose shape is known only at run time compute exactly what the
/// fixed-size networks of the same shape compute, bit for bit, and train
/// without allocating.
@Suite("Dynamic layers")
struct DynamicLayerTests {
  typealias Fixed = MLP2<3, 5, 4, 2>
  typealias Dynamic = Stack<DynamicLayer, Stack<DynamicLayer, DynamicLayer>>

  /// A 3-5-4-2 network of dynamic layers with these activations, its
  /// parameters all zero.
  static func dynamic(_ first: Activation, _ second: Activation, _ output: Activation) -> Dynamic {
    Dynamic(
      DynamicLayer(inputs: 3, outputs: 5, activation: first),
      Stack(
        DynamicLayer(inputs: 5, outputs: 4, activation: second),
        DynamicLayer(inputs: 4, outputs: 2, activation: output)))
  }

  static func dynamic(like fixed: Fixed) -> Dynamic {
    var network = dynamic(
      fixed.lower.activation, fixed.upper.lower.activation, fixed.upper.upper.activation)
    for p in 0..<Fixed.parameterCount { network[parameter: p] = fixed[parameter: p] }
    return network
  }

  static let descentsAndOptimizers: [(GradientDescent, Optimizer)] = [
    (.batch, .gradientDescent), (.miniBatch(size: 3), .gradientDescent),
    (.stochastic, .gradientDescent), (.batch, .rprop(RPROP())),
    (.miniBatch(size: 3), .momentum(Momentum())), (.stochastic, .adam(Adam())),
  ]

  static func data(_ generator: inout MersenneTwister, count: Int) -> [(x: [Double], y: [Double])] {
    (0..<count).map { _ in
      (
        [generator.flat(from: -2, to: 2), generator.flat(from: -2, to: 2), generator.uniform()],
        [generator.uniform(), generator.uniform() > 0.5 ? 1 : 0]
      )
    }
  }

  @Test(
    "trains to the same bits as the fixed-size network",
    arguments: Self.descentsAndOptimizers)
  func sameBitsAsFixed(descent: GradientDescent, optimizer: Optimizer) {
    var generator = MersenneTwister(seed: 21)
    let examples = Self.data(&generator, count: 11)
    var fixedData = Dataset<Fixed.Input, Fixed.Output>(count: examples.count) { n in
      (Fixed.Input.Scalars { examples[n].x[$0] }, Fixed.Output.Scalars { examples[n].y[$0] })
    }
    var dynamicData = Dataset<LaneArray, LaneArray>(
      count: examples.count, inputWidth: 3, targetWidth: 2
    ) { n in (examples[n].x, examples[n].y) }
    for hidden in Activation.allCases {
      for output in [Activation.sigmoid, .tableSigmoid, .linear] {
        for loss in Loss.allCases where loss == .halfSquaredError || output.isSigmoid {
          let fixed = Fixed(
            Layer(activation: hidden, initialization: .xavier, using: &generator),
            Stack(
              Layer(activation: .tanh, initialization: .he, using: &generator),
              Layer(activation: output, initialization: .uniform(radius: 0.5), using: &generator)))
          var a = Training(
            network: fixed, loss: loss, learningRate: 0.3, descent: descent,
            optimizer: optimizer, shuffleSeed: 5)
          var b = Training(
            network: Self.dynamic(like: fixed), loss: loss, learningRate: 0.3, descent: descent,
            optimizer: optimizer, shuffleSeed: 5)
          a.run(epochs: 7, on: &fixedData)
          b.run(epochs: 7, on: &dynamicData)
          let same = (0..<Fixed.parameterCount).allSatisfy {
            a.network[parameter: $0].bitPattern == b.network[parameter: $0].bitPattern
          }
          #expect(same, "\(hidden) → \(output), \(loss)")
          #expect(
            a.network.cost(on: fixedData, loss: loss).bitPattern
              == b.network.cost(on: dynamicData, loss: loss).bitPattern)
          let x = examples[0].x
          #expect(a.network.predict([x[0], x[1], x[2]])[1] == b.network.predict(x)[1])
        }
      }
    }
  }

  @Test("backpropagation agrees with the numerical gradient")
  func gradientChecks() {
    var generator = MersenneTwister(seed: 22)
    let examples = Self.data(&generator, count: 7)
    let data = Dataset<LaneArray, LaneArray>(count: 7, inputWidth: 3, targetWidth: 2) {
      (examples[$0].x, examples[$0].y)
    }
    var network = Self.dynamic(.tanh, .sigmoid, .sigmoid)
    network.initialize(.xavier, using: &generator)
    #expect(network.parameterCount == Fixed.parameterCount)
    for loss in Loss.allCases {
      let check = network.checkGradient(on: data, loss: loss)
      #expect(check.passed, "\(loss): worst \(check.maxRelativeError)")
      #expect(check.parameters == network.parameterCount)
    }
  }

  @Test(
    "an epoch allocates nothing once the run exists", .enabled(if: isOptimized),
    arguments: Self.descentsAndOptimizers)
  func allocationFree(descent: GradientDescent, optimizer: Optimizer) {
    var generator = MersenneTwister(seed: 23)
    let examples = Self.data(&generator, count: 9)
    var data = Dataset<LaneArray, LaneArray>(count: 9, inputWidth: 3, targetWidth: 2) {
      (examples[$0].x, examples[$0].y)
    }
    var network = Self.dynamic(.relu, .tableSigmoid, .sigmoid)
    network.initialize(.he, using: &generator)
    var training = Training(
      network: network, learningRate: 0.1, descent: descent, optimizer: optimizer, shuffleSeed: 1)
    #expect(allocations { training.runEpoch(on: &data) } == 0)
  }
}
