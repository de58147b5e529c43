import SIMDNet

/// A fingerprint of the kernel's arithmetic: the bits of every elementary
/// function over a sweep, and of networks trained with every activation
/// (softmax classifiers too), loss, kind of descent and optimizer.
///
/// The bit-identity test prints it in every build `Tools/test` runs, and
/// `Tools/bit-fingerprint` prints it alone, so that the native-CPU build
/// need not build the whole test suite to show it; `Tools/test` fails
/// unless every build prints the same fingerprint — fixtures regenerated
/// anywhere must match.
public enum BitFingerprint {
  /// The line `Tools/test` looks for: `SIMDNet bit fingerprint: ` and 16
  /// hexadecimal digits.
  public static func line() -> String {
    var fingerprint = Fingerprint()
    elementaryFunctions(&fingerprint)
    training(&fingerprint)
    dynamicTraining(&fingerprint)
    softmaxTraining(&fingerprint)
    let hex = String(fingerprint.value, radix: 16)
    return "SIMDNet bit fingerprint: \(String(repeating: "0", count: 16 - hex.count))\(hex)"
  }

  /// FNV-1a over 64-bit words.
  struct Fingerprint {
    var value: UInt64 = 0xcbf2_9ce4_8422_2325
    mutating func add(_ x: Double) {
      value = (value ^ x.bitPattern) &* 0x100_0000_01b3
    }
    mutating func add(_ v: Lanes) { for k in 0..<4 { add(v[k]) } }
  }

  static func elementaryFunctions(_ fingerprint: inout Fingerprint) {
    let specials: [Double] = [
      .nan, .infinity, -.infinity, 0, -0.0, .leastNonzeroMagnitude, -.leastNonzeroMagnitude,
      .leastNormalMagnitude, .greatestFiniteMagnitude, -.greatestFiniteMagnitude, 709.78, -745.1,
    ]
    var generator = MersenneTwister(seed: 11)
    var values = specials
    for _ in 0..<40_000 { values.append(generator.flat(from: -750, to: 750)) }
    for _ in 0..<40_000 { values.append(generator.flat(from: -20, to: 20)) }
    for _ in 0..<20_000 {
      values.append(Double(bitPattern: UInt64(generator.next()) << 32 | UInt64(generator.next())))
    }
    for first in stride(from: 0, to: values.count - 3, by: 4) {
      let z = Lanes(values[first], values[first + 1], values[first + 2], values[first + 3])
      fingerprint.add(.exp(z))
      fingerprint.add(.expMinusOne(z))
      fingerprint.add(.log(z))
      fingerprint.add(.log(onePlus: z))
      fingerprint.add(.tanh(z))
      fingerprint.add(.sigmoid(z))
      fingerprint.add(.tableSigmoid(z))
    }
  }

  /// Every kind of descent with the lecture's update, and each optimizer.
  static let updates: [(Batching, Optimizer)] = [
    (.batch, .gradientDescent), (.miniBatch(size: 5), .gradientDescent),
    (.stochastic, .gradientDescent), (.batch, .rprop(RPROP())),
    (.miniBatch(size: 5), .momentum(Momentum())), (.batch, .adam(Adam())),
    (.stochastic, .adam(Adam())),
  ]

  /// One training example drawn from `generator`: three inputs, two
  /// targets in [0, 1].
  static func example(_ generator: inout MersenneTwister) -> (x: [Double], y: [Double]) {
    (
      [generator.flat(from: -2, to: 2), generator.flat(from: -2, to: 2), generator.uniform()],
      [generator.uniform(), generator.uniform() > 0.5 ? 1 : 0]
    )
  }

  static func training(_ fingerprint: inout Fingerprint) {
    typealias Net = MLP2<3, 5, 4, 2>
    var generator = MersenneTwister(seed: 12)
    var data = Dataset<Net.Input, Net.Output>(count: 23) { _ in
      let (x, y) = Self.example(&generator)
      return (Net.Input.Scalars { x[$0] }, Net.Output.Scalars { y[$0] })
    }
    for hidden in Activation.allCases where hidden.isElementwise {
      for output in [Activation.sigmoid, .tableSigmoid, .linear] {
        for loss in Loss.allCases where loss == .halfSquaredError || output.isSigmoid {
          for (batching, optimizer) in Self.updates {
            let network = Net(
              Layer(activation: hidden, initialization: .xavier, using: &generator),
              Stack(
                Layer(activation: .tanh, initialization: .he, using: &generator),
                Layer(activation: output, initialization: .uniform(radius: 0.5), using: &generator))
            )
            var training = Training(
              network: network, loss: loss, learningRate: 0.3, batching: batching,
              optimizer: optimizer, shuffleSeed: 13)
            training.run(epochs: 20, on: &data)
            for p in 0..<Net.parameterCount { fingerprint.add(training.network[parameter: p]) }
            fingerprint.add(training.network.cost(on: data, loss: loss))
            // One example at a time, units in lanes.
            let (x, _) = Self.example(&generator)
            let y = training.network.predict(Net.Input.Scalars { x[$0] })
            for k in 0..<2 { fingerprint.add(y[k]) }
          }
        }
      }
    }
  }

  /// The run-time network at four hidden layers, every activation in
  /// every position, with every update.
  static func dynamicTraining(_ fingerprint: inout Fingerprint) {
    var generator = MersenneTwister(seed: 14)
    var data = Dataset<LaneArray, LaneArray>(count: 23, inputWidth: 3, targetWidth: 2) { _ in
      let (x, y) = Self.example(&generator)
      return (inputs: x, targets: y)
    }
    let all = Activation.allCases.filter(\.isElementwise)
    for (n, output) in all.enumerated() {
      let hidden = (0..<4).map { all[(n + $0 + 1) % all.count] }
      for loss in Loss.allCases where loss == .halfSquaredError || output.isSigmoid {
        for (batching, optimizer) in Self.updates {
          var network = DynamicNetwork(
            layerWidths: [3, 5, 4, 6, 3, 2], activations: hidden + [output])
          network.initialize(.xavier, using: &generator)
          var training = Training(
            network: network, loss: loss, learningRate: 0.1, batching: batching,
            optimizer: optimizer, shuffleSeed: 15)
          training.run(epochs: 20, on: &data)
          for p in 0..<network.parameterCount { fingerprint.add(training.network[parameter: p]) }
          fingerprint.add(training.network.cost(on: data, loss: loss))
          var predictor = DynamicNetwork.Predictor(training.network)
          var y = [Double](repeating: 0, count: 2)
          Self.example(&generator).x.withUnsafeBufferPointer { x in
            y.withUnsafeMutableBufferPointer { predictor.predict(x, into: $0) }
          }
          for value in y { fingerprint.add(value) }
        }
      }
    }
  }

  /// Softmax classifiers, compile-time 3-5-4-3 and run-time 3-5-4-6-3,
  /// every hidden activation, both losses, every update: parameters, cost,
  /// one-example predictions and classes; and the softmax of edge logits.
  static func softmaxTraining(_ fingerprint: inout Fingerprint) {
    typealias Net = MLP2<3, 5, 4, 3>
    var generator = MersenneTwister(seed: 16)
    // Three inputs and a one-hot class of three.
    func example() -> (x: [Double], y: [Double]) {
      let x = [
        generator.flat(from: -2, to: 2), generator.flat(from: -2, to: 2), generator.uniform(),
      ]
      let c = x[0] > 0.5 ? 0 : x[1] > 0 ? 1 : 2
      return (x, (0..<3).map { $0 == c ? 1 : 0 })
    }
    var data = Dataset<Net.Input, Net.Output>(count: 23) { _ in
      let (x, y) = example()
      return (Net.Input.Scalars { x[$0] }, Net.Output.Scalars { y[$0] })
    }
    var dynamicData = Dataset<LaneArray, LaneArray>(count: 23, inputWidth: 3, targetWidth: 3) {
      _ in
      let (x, y) = example()
      return (inputs: x, targets: y)
    }
    for hidden in Activation.allCases where hidden.isElementwise {
      for loss in Loss.allCases {
        for (batching, optimizer) in Self.updates {
          let network = Net(
            Layer(activation: hidden, initialization: .xavier, using: &generator),
            Stack(
              Layer(activation: .tanh, initialization: .he, using: &generator),
              Layer(activation: .softmax, initialization: .xavier, using: &generator)))
          var training = Training(
            network: network, loss: loss, learningRate: 0.3, batching: batching,
            optimizer: optimizer, shuffleSeed: 17)
          training.run(epochs: 20, on: &data)
          for p in 0..<Net.parameterCount { fingerprint.add(training.network[parameter: p]) }
          fingerprint.add(training.network.cost(on: data, loss: loss))
          let x = example().x
          let y = training.network.predict(Net.Input.Scalars { x[$0] })
          for k in 0..<3 { fingerprint.add(y[k]) }
          fingerprint.add(Double(training.network.classify(Net.Input.Scalars { x[$0] }) ?? -1))

          var dynamic = DynamicNetwork(
            layerWidths: [3, 5, 4, 6, 3], activations: [hidden, .relu, hidden, .softmax])
          dynamic.initialize(.xavier, using: &generator)
          var dynamicTraining = Training(
            network: dynamic, loss: loss, learningRate: 0.1, batching: batching,
            optimizer: optimizer, shuffleSeed: 18)
          dynamicTraining.run(epochs: 20, on: &dynamicData)
          for value in dynamicTraining.network.parameters { fingerprint.add(value) }
          fingerprint.add(dynamicTraining.network.cost(on: dynamicData, loss: loss))
          for value in dynamicTraining.network.predict(x) { fingerprint.add(value) }
          fingerprint.add(Double(dynamicTraining.network.classify(x) ?? -1))
        }
      }
    }
    let edges: [Double] = [
      .nan, .infinity, -.infinity, 0, -0.0, .greatestFiniteMagnitude, -.greatestFiniteMagnitude,
      745, -745, 1e-300,
    ]
    for a in edges {
      for b in edges {
        var z = InlineArray<3, Lanes>(repeating: .zero)
        z[0] = Lanes(a, b, 1, -1)
        z[1] = Lanes(b, a, -1, 700)
        z[2] = Lanes(1, a, b, 0)
        var y = z
        Lanes.softmax(z, into: &y)
        for k in 0..<3 { fingerprint.add(y[k]) }
      }
    }
  }
}
