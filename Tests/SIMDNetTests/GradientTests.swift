import SIMDNet
import Testing

/// Backpropagation against central differences of the kernel's cost: for
/// every parameter of random networks of each shape, activation, loss and
/// batch size 1–9 (sizes that are not a multiple of 4 exercise padding).
///
/// The numerical side only evaluates the cost, so it shares no code with the
/// backward pass. (The GSL-based check of a later issue replaces the
/// difference quotient here with `gsl_deriv_central`.)
@Suite("Gradients")
struct GradientTests {
  /// Sets every parameter of `network` from `flat(−1.5, 1.5)`.
  static func randomized<Net: FixedSizeNetwork>(_ network: Net, _ generator: inout MersenneTwister)
    -> Net
  {
    var network = network
    for p in 0..<Net.parameterCount { network[parameter: p] = generator.flat(from: -1.5, to: 1.5) }
    return network
  }

  static func randomData<Net: FixedSizeNetwork>(
    for _: Net.Type, count: Int, loss: Loss, _ generator: inout MersenneTwister
  ) -> Dataset<Net.Input, Net.Output> {
    Dataset(count: count) { _ in
      var inputs = Net.Input(width: Net.Input.width)
      var targets = Net.Output(width: Net.Output.width)
      for i in 0..<Net.Input.width { inputs[feature: i][0] = generator.flat(from: -2, to: 2) }
      for k in 0..<Net.Output.width {
        targets[feature: k][0] =
          loss == .crossEntropy ? generator.uniform() : generator.flat(from: -1, to: 1)
      }
      return (inputs.lane(0), targets.lane(0))
    }
  }

  /// The worst `|analytic − numerical| / (1 + |numerical|)` over all
  /// parameters, skipping parameters whose one-sided differences disagree
  /// (a ReLU kink inside the difference step).
  static func worstError<Net: FixedSizeNetwork>(
    _ network: Net, _ data: Dataset<Net.Input, Net.Output>, _ loss: Loss
  ) -> Double {
    var training = Training(network: network, loss: loss, learningRate: 0)
    var data = data
    training.runEpoch(on: &data)
    var worst = 0.0
    for p in 0..<Net.parameterCount {
      let h = 1e-6 * max(1, abs(network[parameter: p]))
      func cost(_ shift: Double) -> Double {
        var shifted = network
        shifted[parameter: p] += shift
        return shifted.cost(on: data, loss: loss)
      }
      let (plus, here, minus) = (cost(h), cost(0), cost(-h))
      let numerical = (plus - minus) / (2 * h)
      let forward = (plus - here) / h
      let backward = (here - minus) / h
      if abs(forward - backward) > 1e-4 * (1 + abs(numerical)) { continue }
      let analytic = training.gradient[parameter: p]
      worst = max(worst, abs(analytic - numerical) / (1 + abs(numerical)))
    }
    return worst
  }

  static let hidden: [Activation] = [.sigmoid, .tanh, .relu, .linear]

  /// Exact activations: the difference quotient's own error (about
  /// h² plus 1e-16/h) is the bound. Table sigmoids: linear interpolation's
  /// slope is off from σ' by up to h·max|σ''|/2 ≈ 3.8e-4 with h = 1/128.
  static func tolerance(_ activations: [Activation]) -> Double {
    activations.contains(.tableSigmoid) ? 2e-3 : 1e-7
  }

  @Test("the lecture neuron 2-1, every output activation and loss, batches 1–9", arguments: 1...9)
  func neuron(batch: Int) {
    var generator = MersenneTwister(seed: UInt64(100 + batch))
    for output in Activation.allCases {
      for loss in Loss.allCases where loss == .halfSquaredError || output.isSigmoid {
        let network = Self.randomized(Layer<2, 1>(activation: output), &generator)
        let data = Self.randomData(for: Layer<2, 1>.self, count: batch, loss: loss, &generator)
        let worst = Self.worstError(network, data, loss)
        #expect(worst <= Self.tolerance([output]), "\(output) \(loss) worst \(worst)")
      }
    }
  }

  @Test("2-3-2 with one hidden layer, batches 1–9", arguments: 1...9)
  func oneHiddenLayer(batch: Int) {
    var generator = MersenneTwister(seed: UInt64(200 + batch))
    for hidden in Self.hidden + [.tableSigmoid] {
      for output in [Activation.sigmoid, .linear, .tanh, .tableSigmoid] {
        for loss in Loss.allCases where loss == .halfSquaredError || output.isSigmoid {
          let network = Self.randomized(
            MLP1<2, 3, 2>(Layer(activation: hidden), Layer(activation: output)), &generator)
          let data = Self.randomData(for: MLP1<2, 3, 2>.self, count: batch, loss: loss, &generator)
          let worst = Self.worstError(network, data, loss)
          #expect(
            worst <= Self.tolerance([hidden, output]), "\(hidden)→\(output) \(loss) worst \(worst)")
        }
      }
    }
  }

  @Test("3-5-4-2 with two hidden layers, batches 1–9", arguments: 1...9)
  func twoHiddenLayers(batch: Int) {
    var generator = MersenneTwister(seed: UInt64(300 + batch))
    for (first, second) in zip(Self.hidden, Self.hidden.reversed()) {
      for loss in Loss.allCases {
        let network = Self.randomized(
          MLP2<3, 5, 4, 2>(
            Layer(activation: first), Stack(Layer(activation: second), Layer(activation: .sigmoid))),
          &generator)
        let data = Self.randomData(for: MLP2<3, 5, 4, 2>.self, count: batch, loss: loss, &generator)
        let worst = Self.worstError(network, data, loss)
        #expect(worst <= 1e-7, "\(first)→\(second)→sigmoid \(loss) worst \(worst)")
      }
    }
  }

  @Test("the check fails a wrong gradient")
  func checkCanFail() {
    var generator = MersenneTwister(seed: 9)
    let network = Self.randomized(
      MLP1<2, 3, 1>(Layer(activation: .tanh), Layer(activation: .sigmoid)), &generator)
    let data = Self.randomData(
      for: MLP1<2, 3, 1>.self, count: 5, loss: .halfSquaredError, &generator)
    // A gradient 1% off, or with its sign flipped, fails the comparison that
    // the true one passes.
    var examples = data
    var training = Training(network: network, loss: .halfSquaredError, learningRate: 0)
    training.runEpoch(on: &examples)
    let p = 4
    let h = 1e-6
    var plus = network
    plus[parameter: p] += h
    var minus = network
    minus[parameter: p] -= h
    let numerical =
      (plus.cost(on: data, loss: .halfSquaredError) - minus.cost(on: data, loss: .halfSquaredError))
      / (2 * h)
    let analytic = training.gradient[parameter: p]
    #expect(abs(analytic - numerical) <= 1e-8 * (1 + abs(numerical)))
    #expect(abs(1.01 * analytic - numerical) > 1e-7 * (1 + abs(numerical)))
    #expect(abs(-analytic - numerical) > 1e-7 * (1 + abs(numerical)))
  }
}
