import Foundation
import SIMDNet
import Testing

/// The lecture's worked example — one sigmoid neuron on the OR gate — held
/// against scalar formulas written out here, independently of the kernel.
///
/// The lecture rounds intermediate values to three decimals, so a few of its
/// figures differ from exact arithmetic in their last digit; the tests below
/// say which, and check that the exact values really differ there.
@Suite("Lecture")
struct LectureTests {
  typealias Neuron = Layer<2, 1>
  let start = Neuron(weights: [[0.1, 0.6]], biases: [0], activation: .sigmoid)
  let tolerance = 1e-12

  static func sigma(_ z: Double) -> Double { 1 / (1 + Foundation.exp(-z)) }

  /// `x` rounded to `decimals` places, as the lecture prints it.
  static func rounded(_ x: Double, _ decimals: Int) -> Double {
    Double(String(format: "%.\(decimals)f", x))!
  }

  func expectClose(_ actual: Double, _ expected: Double, _ what: Comment) {
    #expect(abs(actual - expected) <= tolerance, what)
  }

  @Test("one example: forward, loss, upstream × local gradients, bias update")
  func singleExampleStep() {
    // Scalar reference: x = (0, 0), y = 0, w = (0.1, 0.6), b = 0.
    let (x1, x2, y, w1, w2, b) = (0.0, 0.0, 0.0, 0.1, 0.6, 0.0)
    let z = w1 * x1 + w2 * x2 + b
    let yHat = Self.sigma(z)
    let loss = 0.5 * (y - yHat) * (y - yHat)
    let dLdyHat = -(y - yHat)
    let dyHatdz = yHat * (1 - yHat)
    let dLdz = 1 * dLdyHat * dyHatdz
    let (dLdw1, dLdw2, dLdb) = (dLdz * x1, dLdz * x2, dLdz * 1)
    let newB = b - dLdb
    let newYHat = Self.sigma(w1 * x1 + w2 * x2 + newB)
    let newLoss = 0.5 * (y - newYHat) * (y - newYHat)

    var data = Dataset<Neuron.Input, Neuron.Output>(inputs: [[0, 0]], targets: [[0]])
    var training = Training(network: start, learningRate: 1)
    expectClose(start.cost(on: data, loss: .halfSquaredError), loss, "loss")
    training.runEpoch(on: &data)
    let output = training.trace.output[0]
    expectClose(training.trace.preActivation[0][0], z, "z")
    expectClose(output[0], yHat, "ŷ")
    let upstream = Loss.halfSquaredError.upstreamGradient(output: output, target: .zero, scale: 1)
    let local = Activation.sigmoid.localGradient(output: output)
    expectClose(upstream[0], dLdyHat, "∂L/∂ŷ")
    expectClose(local[0], dyHatdz, "∂ŷ/∂z")
    expectClose(upstream[0] * local[0], dLdz, "∂L/∂z")
    expectClose(training.gradient[parameter: 0], dLdw1, "∂L/∂w₁")
    expectClose(training.gradient[parameter: 1], dLdw2, "∂L/∂w₂")
    expectClose(training.gradient[parameter: 2], dLdb, "∂L/∂b")
    expectClose(training.network.biases[0], newB, "b after the update")
    #expect(
      training.network.weights[0][0] == 0.1 && training.network.weights[0][1] == 0.6,
      "∂L/∂w = 0 leaves W alone")
    let predicted = training.network.predict([0, 0])[0]
    expectClose(predicted, newYHat, "ŷ after the update")
    expectClose(training.network.cost(on: data, loss: .halfSquaredError), newLoss, "new loss")

    // The lecture's figures: 0.5, 0.125, 0.5, 0.25, 0.125, −0.125, 0.469 agree.
    #expect(yHat == 0.5 && loss == 0.125 && dLdyHat == 0.5 && dyHatdz == 0.25 && dLdz == 0.125)
    #expect(Self.rounded(predicted, 3) == 0.469)
    #expect(Self.rounded(predicted, 7) == 0.4687906)
    // The lecture's new loss, 0.10998005, is ½·0.469² with a digit dropped;
    // exactly it is 0.109882…
    #expect(Self.rounded(newLoss, 5) == 0.10988)
    #expect(abs(newLoss - 0.10998005) > 5e-5)
  }

  @Test("the OR gate as one batch: Z, Ŷ, cost, backward pass, update, second iteration")
  func batchStep() {
    // Scalar reference, one example at a time.
    let xs: [(Double, Double)] = [(0, 0), (0, 1), (1, 0), (1, 1)]
    let ys: [Double] = [0, 1, 1, 1]
    let m = 4.0
    var (w1, w2, b) = (0.1, 0.6, 0.0)
    let z = xs.map { w1 * $0.0 + w2 * $0.1 + b }
    let yHat = z.map(Self.sigma)
    let cost = zip(ys, yHat).map { ($0 - $1) * ($0 - $1) }.reduce(0, +) / (2 * m)
    let dCostdYHat = zip(ys, yHat).map { -($0 - $1) / m }
    let dYHatdZ = yHat.map { $0 * (1 - $0) }
    let dCostdZ = zip(dCostdYHat, dYHatdZ).map { $0 * $1 }
    let dCostdW1 = zip(dCostdZ, xs).map { $0 * $1.0 }.reduce(0, +)
    let dCostdW2 = zip(dCostdZ, xs).map { $0 * $1.1 }.reduce(0, +)
    let dCostdB = dCostdZ.reduce(0, +)
    (w1, w2, b) = (w1 - 1 * dCostdW1, w2 - 1 * dCostdW2, b - 1 * dCostdB)
    let z2 = xs.map { w1 * $0.0 + w2 * $0.1 + b }
    let yHat2 = z2.map(Self.sigma)
    let cost2 = zip(ys, yHat2).map { ($0 - $1) * ($0 - $1) }.reduce(0, +) / (2 * m)

    var data = Dataset<Neuron.Input, Neuron.Output>(
      inputs: [[0, 0], [0, 1], [1, 0], [1, 1]], targets: [[0], [1], [1], [1]])
    var training = Training(network: start, learningRate: 1)
    expectClose(start.cost(on: data, loss: .halfSquaredError), cost, "Cost")
    training.runEpoch(on: &data)
    let output = training.trace.output[0]
    let upstream = Loss.halfSquaredError.upstreamGradient(
      output: output, target: data.blocks[0].targets[0], scale: 1 / m)
    let local = Activation.sigmoid.localGradient(output: output)
    for k in 0..<4 {
      expectClose(training.trace.preActivation[0][k], z[k], "Z[\(k)]")
      expectClose(output[k], yHat[k], "Ŷ[\(k)]")
      expectClose(upstream[k], dCostdYHat[k], "∂Cost/∂Ŷ[\(k)]")
      expectClose(local[k], dYHatdZ[k], "∂Ŷ/∂Z[\(k)]")
      expectClose(upstream[k] * local[k], dCostdZ[k], "∂Cost/∂Z[\(k)]")
    }
    expectClose(training.gradient[parameter: 0], dCostdW1, "∂Cost/∂w₁")
    expectClose(training.gradient[parameter: 1], dCostdW2, "∂Cost/∂w₂")
    expectClose(training.gradient[parameter: 2], dCostdB, "∂Cost/∂b")
    let updated = training.network
    expectClose(updated.weights[0][0], w1, "new w₁")
    expectClose(updated.weights[0][1], w2, "new w₂")
    expectClose(updated.biases[0], b, "new b")
    var second = Training(network: updated, learningRate: 1)
    second.runEpoch(on: &data)
    for k in 0..<4 {
      expectClose(second.trace.preActivation[0][k], z2[k], "second Z[\(k)]")
      expectClose(second.trace.output[0][k], yHat2[k], "second Ŷ[\(k)]")
    }
    expectClose(updated.cost(on: data, loss: .halfSquaredError), cost2, "second Cost")

    // Where the lecture's three-decimal figures agree with exact arithmetic…
    #expect(yHat.map { Self.rounded($0, 3) } == [0.5, 0.646, 0.525, 0.668])
    #expect(Self.rounded(cost, 3) == 0.089)
    #expect(dCostdYHat.map { Self.rounded($0, 3) } == [0.125, -0.089, -0.119, -0.083])
    #expect(dYHatdZ.map { Self.rounded($0, 3) } == [0.25, 0.229, 0.249, 0.222])
    #expect(dCostdZ.map { Self.rounded($0, 3) } == [0.031, -0.020, -0.030, -0.018])
    #expect(Self.rounded(dCostdW1, 3) == -0.048 && Self.rounded(dCostdB, 3) == -0.037)
    #expect(Self.rounded(w1, 3) == 0.148 && Self.rounded(b, 3) == 0.037)
    #expect(yHat2.map { Self.rounded($0, 3) } == [0.509, 0.663, 0.546, 0.695])
    #expect(Self.rounded(cost2, 3) == 0.084)
    // …and where they do not: the lecture adds rounded terms,
    // −0.020 + −0.018 = −0.038, where exactly ∂Cost/∂w₂ = −0.0387; the new
    // w₂ (0.638 for 0.6387) and the second Z (0.675 for 0.6757, 0.823 for
    // 0.8237) inherit it.
    #expect(Self.rounded(dCostdW2, 3) == -0.039)
    #expect(Self.rounded(w2, 3) == 0.639)
    #expect(z2.map { Self.rounded($0, 3) } == [0.037, 0.676, 0.185, 0.824])
  }

  @Test("5000 epochs of batch gradient descent classify the OR gate; the cost never rises")
  func trainsTheORGate() {
    var data = Dataset<Neuron.Input, Neuron.Output>(
      inputs: [[0, 0], [0, 1], [1, 0], [1, 1]], targets: [[0], [1], [1], [1]])
    var training = Training(network: start, learningRate: 1)
    var previous = start.cost(on: data, loss: .halfSquaredError)
    for _ in 0..<5000 {
      training.runEpoch(on: &data)
      let cost = training.network.cost(on: data, loss: .halfSquaredError)
      #expect(cost <= previous)
      previous = cost
    }
    #expect(previous < 0.01)
    for n in 0..<4 {
      let (x, y) = data[example: n]
      #expect((training.network.predict(x)[0] > 0.5) == (y[0] > 0.5), "example \(n)")
    }
  }
}
