import Foundation
import SIMDNet
import Testing

/// Batch, mini-batch and stochastic gradient descent, padding and shuffling,
/// held against a scalar re-implementation of the lecture's neuron written
/// out here, one example at a time.
@Suite("Training")
struct TrainingTests {
  typealias Neuron = Layer<2, 1>
  typealias Examples = Dataset<Neuron.Input, Neuron.Output>

  /// Seven examples, so that batches of 3, 4 and 7 leave partial blocks.
  static let inputs: [[Double]] = [
    [0, 0], [0, 1], [1, 0], [1, 1], [0.5, -1.5], [2, 0.25], [-1, 3],
  ]
  static let targets: [Double] = [0, 1, 1, 1, 0, 1, 0]
  static let start = Neuron(weights: [[0.1, 0.6]], biases: [-0.2], activation: .sigmoid)

  static func examples(_ count: Int = inputs.count) -> Examples {
    Examples(count: count) { n in ([inputs[n][0], inputs[n][1]], [targets[n]]) }
  }

  /// The lecture's update for one sigmoid neuron and half squared error,
  /// over the examples `batch`, written with scalars.
  static func referenceStep(
    _ w: inout [Double], _ b: inout Double, batch: some Collection<Int>, rate: Double
  ) {
    var (dw0, dw1, db) = (0.0, 0.0, 0.0)
    let m = Double(batch.count)
    for n in batch {
      let x = inputs[n]
      let yHat = 1 / (1 + Foundation.exp(-(w[0] * x[0] + w[1] * x[1] + b)))
      let dz = -(targets[n] - yHat) / m * yHat * (1 - yHat)
      (dw0, dw1, db) = (dw0 + dz * x[0], dw1 + dz * x[1], db + dz)
    }
    (w[0], w[1], b) = (w[0] - rate * dw0, w[1] - rate * dw1, b - rate * db)
  }

  /// Runs `epochs` epochs in `order` with batches of `size`, by scalars.
  static func reference(order: [Int], size: Int, epochs: Int, rate: Double) -> [Double] {
    var w = [0.1, 0.6]
    var b = -0.2
    for _ in 0..<epochs {
      for first in stride(from: 0, to: order.count, by: size) {
        referenceStep(&w, &b, batch: order[first..<min(first + size, order.count)], rate: rate)
      }
    }
    return [w[0], w[1], b]
  }

  static func expectClose(_ a: [Double], _ b: [Double], tolerance: Double = 1e-12) {
    #expect(a.count == b.count)
    for (x, y) in zip(a, b) { #expect(abs(x - y) <= tolerance, "\(a) vs \(b)") }
  }

  @Test(
    "batch, mini-batch and stochastic descent match the scalar reference",
    arguments: [
      (Batching.batch, 7), (.miniBatch(size: 1), 1), (.miniBatch(size: 2), 2),
      (.miniBatch(size: 3), 3), (.miniBatch(size: 4), 4), (.miniBatch(size: 5), 5),
      (.miniBatch(size: 8), 7), (.stochastic, 1),
    ])
  func descentMatchesReference(batching: Batching, size: Int) {
    var data = Self.examples()
    var training = Training(network: Self.start, learningRate: 0.7, batching: batching)
    training.run(epochs: 25, on: &data)
    #expect(training.epochs == 25)
    Self.expectClose(
      training.network.parameters,
      Self.reference(order: Array(0..<7), size: size, epochs: 25, rate: 0.7))
  }

  @Test("the cost is the mean loss over real examples only", arguments: 1...7)
  func costIgnoresPadding(count: Int) {
    let w = Self.start.weights[0]
    let b = Self.start.biases[0]
    let halfSquared = (0..<count).map { n -> Double in
      let x = Self.inputs[n]
      let yHat = 1 / (1 + Foundation.exp(-(w[0] * x[0] + w[1] * x[1] + b)))
      return (Self.targets[n] - yHat) * (Self.targets[n] - yHat)
    }
    let expected = halfSquared.reduce(0, +) / (2 * Double(count))
    let cost = Self.start.cost(on: Self.examples(count), loss: .halfSquaredError)
    #expect(abs(cost - expected) <= 1e-15)
  }

  @Test("whatever padding lanes hold never reaches a gradient")
  func paddingIsMasked() {
    let network = MLP1<2, 3, 1>(
      Layer(
        weights: [[0.5, -0.25], [1, 2], [-0.75, 0.125]], biases: [0.1, 0, -0.1], activation: .tanh),
      Layer(weights: [[1, -1, 0.5]], biases: [0.25], activation: .sigmoid))
    var clean = Block<MLP1<2, 3, 1>.Input, MLP1<2, 3, 1>.Output>(count: 4)
    clean.inputs = [Lanes(0.5, -1, .nan, .infinity), Lanes(2, 0.25, -.infinity, 1e308)]
    clean.targets = [Lanes(1, 0, .nan, 7)]
    var garbage = clean
    clean.load(clean, count: 2)
    #expect(clean.inputs[0] == Lanes(0.5, -1, 0, 0) && clean.targets[0] == Lanes(1, 0, 0, 0))
    garbage.count = 2  // padding lanes still hold NaN and infinities
    for loss in Loss.allCases {
      var a = Training(network: network, loss: loss, learningRate: 1)
      var b = a
      a.accumulateGradient(of: clean, scale: 0.5)
      b.accumulateGradient(of: garbage, scale: 0.5)
      let expected = (0..<MLP1<2, 3, 1>.parameterCount).map { a.gradient[parameter: $0] }
      let actual = (0..<MLP1<2, 3, 1>.parameterCount).map { b.gradient[parameter: $0] }
      #expect(expected.allSatisfy { $0.isFinite })
      #expect(actual == expected, "\(loss)")
    }
  }

  @Test("shuffling is seeded: same seed, same run; the order visited is the shuffled order")
  func shufflingIsDeterministic() {
    func run(seed: UInt64, batching: Batching) -> (Training<Neuron>, Examples) {
      var data = Self.examples()
      var training = Training(
        network: Self.start, learningRate: 0.7, batching: batching, shuffleSeed: seed)
      training.runEpoch(on: &data)
      return (training, data)
    }
    let (a, dataA) = run(seed: 42, batching: .stochastic)
    let (b, _) = run(seed: 42, batching: .stochastic)
    let (c, dataC) = run(seed: 43, batching: .stochastic)
    #expect(a.network.parameters == b.network.parameters)
    #expect(dataA.order.sorted() == Array(0..<7))
    #expect(!dataA.isInFileOrder)
    #expect(dataA.order != dataC.order)
    #expect(a.network.parameters != c.network.parameters)
    Self.expectClose(
      a.network.parameters, Self.reference(order: dataA.order, size: 1, epochs: 1, rate: 0.7))
    let (d, dataD) = run(seed: 7, batching: .miniBatch(size: 3))
    Self.expectClose(
      d.network.parameters, Self.reference(order: dataD.order, size: 3, epochs: 1, rate: 0.7))
  }

  @Test("seeded initialisation: same seed, same weights; biases zero")
  func initialisationIsSeeded() {
    var g1 = MersenneTwister(seed: 5)
    var g2 = MersenneTwister(seed: 5)
    let a = MLP1<4, 8, 3>(
      Layer(activation: .relu, initialization: .he, using: &g1),
      Layer(activation: .sigmoid, initialization: .xavier, using: &g1))
    let b = MLP1<4, 8, 3>(
      Layer(activation: .relu, initialization: .he, using: &g2),
      Layer(activation: .sigmoid, initialization: .xavier, using: &g2))
    #expect(a.parameters == b.parameters)
    #expect(
      a.parameters[32..<40].allSatisfy { $0 == 0 } && a.parameters[64...].allSatisfy { $0 == 0 })
    let heRadius = (6.0 / 4).squareRoot()
    let xavierRadius = (6.0 / 11).squareRoot()
    for j in 0..<8 { for i in 0..<4 { #expect(abs(a.lower.weights[j][i]) <= heRadius) } }
    for j in 0..<3 { for i in 0..<8 { #expect(abs(a.upper.weights[j][i]) <= xavierRadius) } }
    #expect(Set(a.parameters).count > 40)
  }

  @Test("the README's example learns XOR")
  func readmeExample() {
    var generator = MersenneTwister(seed: 4357)
    let xor = MLP1<2, 2, 1>(
      Layer(activation: .sigmoid, initialization: .xavier, using: &generator),
      Layer(activation: .sigmoid, initialization: .xavier, using: &generator))
    var data = Dataset<MLP1<2, 2, 1>.Input, MLP1<2, 2, 1>.Output>(
      inputs: [[0, 0], [0, 1], [1, 0], [1, 1]], targets: [[0], [1], [1], [0]])
    var training = Training(network: xor, learningRate: 2, batching: .batch)
    training.run(epochs: 5000, on: &data)
    #expect(training.network.cost(on: data, loss: .halfSquaredError) < 0.01)
    for n in 0..<4 {
      let (x, y) = data[example: n]
      #expect((training.network.predict(x)[0] > 0.5) == (y[0] > 0.5), "example \(n)")
    }
  }
}
