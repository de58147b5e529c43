import Foundation
import SIMDNet
import SIMDNetTestSupport
import Testing

/// The softmax output against formulas written here: its values (glibc's
/// `exp`, within a few ulp; the edge values exactly, as documented), the
/// categorical cross-entropy and half squared error costs, the
/// `(ŷ − y)/m` gradient, the class index, and the refusal of softmax in a
/// hidden layer.
@Suite("Softmax")
struct SoftmaxTests {
  /// The softmax of the logits `z` of one example, four examples at once
  /// with `z` in lane `lane` and other logits beside it.
  static func kernelSoftmax(_ z: [Double], lane: Int = 0) -> [Double] {
    var logits = LaneArray(width: z.count)
    for j in z.indices {
      var lanes = Lanes(0.5, -1, 3, 1e300)
      lanes[lane] = z[j]
      logits[feature: j] = lanes
    }
    var y = LaneArray(width: z.count)
    Lanes.softmax(logits, into: &y)
    return z.indices.map { y[feature: $0][lane] }
  }

  /// `e^(z_j) / Σ e^(z_k)`, by glibc in long double where it does not
  /// overflow: the textbook formula, no shift.
  static func textbook(_ z: [Double]) -> [Double] {
    let e = z.map { Foundation.exp(Float80($0)) }
    let sum = e.reduce(0, +)
    return e.map { Double($0 / sum) }
  }

  /// Within 4 ulp of the textbook formula, plus what rounding `z − M`
  /// costs: half an ulp of `|z − M|`, which `e^(z − M)` turns into a
  /// relative error of that size.
  @Test("ordinary logits: within a few ulp of the textbook formula, in every lane")
  func ordinary() {
    var random = SplitMix64(state: 7)
    for n in 1...9 {
      for _ in 0..<50 {
        let z = (0..<n).map { _ in random.uniform(-30, 30) }
        let expected = Self.textbook(z)
        let largest = z.max()!
        for lane in 0..<4 {
          let y = Self.kernelSoftmax(z, lane: lane)
          for j in z.indices {
            let tolerance = 4 * expected[j].ulp + expected[j] * (z[j] - largest).magnitude.ulp
            #expect(
              abs(y[j] - expected[j]) <= tolerance, "z \(z) unit \(j) lane \(lane)")
          }
          #expect(abs(y.reduce(0, +) - 1) <= 1e-15 * Double(n))
        }
      }
    }
  }

  @Test("huge logits: no overflow, the same as logits shifted to a small maximum")
  func huge() {
    for shift in [1e300, -1e300, 800.0, -800, Double.greatestFiniteMagnitude / 2] {
      let z = [0.0, -1, -2.5].map { $0 + shift }
      let y = Self.kernelSoftmax(z)
      let expected = Self.textbook(z.map { $0 - shift })
      for j in z.indices where (z[j] - shift).isFinite {
        #expect(abs(y[j] - expected[j]) <= 4 * expected[j].ulp, "shift \(shift)")
      }
    }
    // Far apart: the smaller gets exactly 0, the larger exactly 1.
    #expect(Self.kernelSoftmax([1e308, -1e308]) == [1, 0])
    #expect(Self.kernelSoftmax([.greatestFiniteMagnitude, 0]) == [1, 0])
  }

  @Test("NaN, ±∞: the documented results")
  func edges() {
    // Any NaN: every output NaN, in its own lane only.
    for z in [[.nan, 1, 2], [1, .nan, 2], [.infinity, .nan, -.infinity], [Double.nan]] {
      #expect(Self.kernelSoftmax(z).allSatisfy { $0.isNaN }, "\(z)")
      #expect(Self.kernelSoftmax(z, lane: 2).allSatisfy { $0.bitPattern == Double.nan.bitPattern })
    }
    let beside = Self.kernelSoftmax([.nan, 1, 2], lane: 1)
    #expect(beside.allSatisfy { $0.isNaN })
    // +∞ units share the mass; the rest get 0.
    #expect(Self.kernelSoftmax([.infinity, 5, -.infinity]) == [1, 0, 0])
    #expect(Self.kernelSoftmax([.infinity, 5, .infinity]) == [0.5, 0, 0.5])
    #expect(
      Self.kernelSoftmax([.infinity, .infinity, .infinity, 1]) == [1.0 / 3, 1.0 / 3, 1.0 / 3, 0]
        as [Double])
    // All −∞: uniform, the limit of equal logits.
    #expect(Self.kernelSoftmax([-.infinity, -.infinity]) == [0.5, 0.5])
    #expect(
      Self.kernelSoftmax([-.infinity, -.infinity, -.infinity, -.infinity]) == [
        0.25, 0.25, 0.25, 0.25,
      ])
    // −∞ beside finite logits: 0.
    #expect(Self.kernelSoftmax([-.infinity, 0, 0]) == [0, 0.5, 0.5])
    // One unit: 1 whatever the logit, but NaN; as the one-unit callAsFunction.
    for z in [0.0, -0.0, 1e308, -.infinity, .infinity] {
      #expect(Self.kernelSoftmax([z]) == [1])
      #expect(Activation.softmax(Lanes(repeating: z)) == Lanes(repeating: 1))
    }
    #expect(Activation.softmax(Lanes(repeating: .nan))[0].isNaN)
    // And the test's scalar formula, which the other tests use, agrees.
    for z in [[.infinity, 5, .infinity], [-.infinity, -.infinity], [1e308, -1e308, 3]] {
      #expect(Self.kernelSoftmax(z) == scalarSoftmax(z))
    }
  }

  /// A 3-unit layer that passes its inputs through as logits: `z = x`.
  static func identityLayer() -> Layer<3, 3> {
    Layer(
      weights: [[1, 0, 0], [0, 1, 0], [0, 0, 1]], biases: [0, 0, 0], activation: .softmax)
  }

  @Test("cost: categorical cross-entropy and half squared error against a hand computation")
  func cost() {
    let logits: [[Double]] = [[1, 2, 3], [0, 0, 0], [-2, 40, 1], [1000, 0, -1000], [5, -1, 2]]
    let targets: [[Double]] = [[0, 0, 1], [1, 0, 0], [1, 0, 0], [0, 1, 0], [0.2, 0.3, 0.5]]
    let network = Self.identityLayer()
    var crossEntropy = 0.0
    var squared = 0.0
    for (z, y) in zip(logits, targets) {
      // −Σ y_k log ŷ_k with log ŷ_k = z_k − log Σ e^(z_j), in long double.
      let largest = z.max()!
      let logSum =
        Float80(largest)
        + Foundation.log(z.map { Foundation.exp(Float80($0 - largest)) }.reduce(0, +))
      for k in 0..<3 where y[k] != 0 {
        crossEntropy += Double(Float80(y[k]) * (logSum - Float80(z[k])))
      }
      let yHat = Self.textbook(z.map { $0 - largest })
      for k in 0..<3 { squared += 0.5 * (y[k] - yHat[k]) * (y[k] - yHat[k]) }
    }
    let m = Double(logits.count)
    let examples = Dataset<InlineArray<3, Lanes>, InlineArray<3, Lanes>>(count: logits.count) { n in
      (InlineArray { logits[n][$0] }, InlineArray { targets[n][$0] })
    }
    let ce = network.cost(on: examples, loss: .crossEntropy)
    let hse = network.cost(on: examples, loss: .halfSquaredError)
    #expect(abs(ce - crossEntropy / m) <= 1e-14 * max(1, crossEntropy / m), "\(ce)")
    #expect(abs(hse - squared / m) <= 1e-15, "\(hse)")
    // z = (1000, 0, −1000) with the middle class: 1000, finite, where ŷ₁
    // rounds to 0 and log ŷ₁ would be −∞.
    #expect(crossEntropy.isFinite && crossEntropy > 1000)
  }

  /// A layer whose logits are its biases, whatever its input: infinite
  /// logits without `0·∞` in `W·x`.
  static func biasLayer(_ logits: [Double]) -> Layer<1, 3> {
    Layer(weights: [[0], [0], [0]], biases: InlineArray { logits[$0] }, activation: .softmax)
  }

  @Test("a class with target > 0 whose logit is −∞ costs +∞; one with target 0 costs nothing")
  func infiniteCost() {
    func cost(_ z: [Double], _ y: [Double]) -> Double {
      let data = Dataset<InlineArray<1, Lanes>, InlineArray<3, Lanes>>(count: 1) { _ in
        ([0], InlineArray { y[$0] })
      }
      return Self.biasLayer(z).cost(on: data, loss: .crossEntropy)
    }
    #expect(cost([-.infinity, 0, 0], [1, 0, 0]) == .infinity)
    #expect(abs(cost([-.infinity, 0, 0], [0, 1, 0]) - Foundation.log(2.0)) <= 2e-16)
    #expect(cost([.nan, 0, 0], [0, 1, 0]).isNaN)
  }

  @Test("∂Cost/∂z is (ŷ − y)/m for one-hot targets, (ŷ·Σy − y)/m for others")
  func preActivationGradient() {
    let logits: [[Double]] = [[1, 2, 3], [0.5, -0.5, 0], [4, 4, -4]]
    let targets: [[Double]] = [[0, 0, 1], [0, 1, 0], [0.5, 0.25, 0.5]]
    let data = Dataset<InlineArray<3, Lanes>, InlineArray<3, Lanes>>(count: 3) { n in
      (InlineArray { logits[n][$0] }, InlineArray { targets[n][$0] })
    }
    // The identity layer's bias gradient is ∂Cost/∂z summed over examples.
    let gradient = Self.identityLayer().gradient(on: data, loss: .crossEntropy)
    for k in 0..<3 {
      var expected = 0.0
      for n in 0..<3 {
        let yHat = Self.textbook(logits[n])
        expected += (yHat[k] * targets[n].reduce(0, +) - targets[n][k]) / 3
      }
      let biasIndex = 9 + k
      #expect(abs(gradient[parameter: biasIndex] - expected) <= 1e-15, "unit \(k)")
    }
  }

  @Test("classify: the largest output, ties to the lowest index, nil for NaN")
  func classify() {
    let network = Self.identityLayer()
    #expect(network.classify([1, 3, 2]) == 1)
    #expect(network.classify([3, 3, 2]) == 0)
    #expect(network.classify([-1, 2, 2]) == 1)
    #expect(network.classify([0, .nan, 1]) == nil)
    #expect(Self.biasLayer([.infinity, 0, .infinity]).classify([0]) == 0)
    #expect(Self.biasLayer([0, .infinity, .infinity]).classify([0]) == 1)
    #expect(Self.biasLayer([-.infinity, -.infinity, -.infinity]).classify([0]) == 0)
    let outputs: InlineArray<4, Double> = [0, -0.0, -1, 0]
    #expect(outputs.indexOfLargest(units: 4) == 0)
    let nan: InlineArray<3, Double> = [1, 2, .nan]
    #expect(nan.indexOfLargest(units: 3) == nil)
    #expect(nan.indexOfLargest(units: 2) == 1)
  }

  @Test("softmax in a hidden layer of a run-time network traps")
  func hiddenDynamicTraps() async {
    await #expect(processExitsWith: .failure) {
      _ = DynamicNetwork(layerWidths: [2, 3, 2], activations: [.softmax, .sigmoid])
    }
  }

  @Test("softmax in a hidden layer of a compile-time network traps")
  func hiddenStackTraps() async {
    await #expect(processExitsWith: .failure) {
      _ = MLP1<2, 3, 2>(Layer(activation: .softmax), Layer(activation: .softmax))
    }
  }
}
