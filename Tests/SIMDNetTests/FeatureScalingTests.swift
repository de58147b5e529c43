import SIMDNet
import Testing

/// A network that carries its feature scaling predicts from raw features
/// exactly what an unscaled copy of it predicts from features scaled by
/// hand, on every path: `DynamicNetwork.Predictor`, `predict(_:)` of one
/// example, and a `ScaledNetwork` of the same fixed shape.
@Suite("Feature scaling")
struct FeatureScalingTests {
  /// 3-5-2, tanh then linear, seeded weights and biases.
  static func network() -> MLP1<3, 5, 2> {
    var generator = MersenneTwister(seed: 15)
    var network = MLP1<3, 5, 2>(
      Layer(activation: .tanh, initialization: .xavier, using: &generator),
      Layer(activation: .linear, initialization: .xavier, using: &generator))
    for p in 0..<network.parameterCount where p % 4 == 1 {
      network[parameter: p] = generator.flat(from: -1, to: 1)
    }
    return network
  }

  static let shift: [Double] = [150.25, -0.001, 3e5]
  static let spread: [Double] = [44.3, 0.0007, 1]
  static let outputShift: [Double] = [7, -0.5]
  static let outputSpread: [Double] = [2.5, 0.1]
  static let examples: [[Double]] = [
    [150.25, -0.001, 3e5], [0, 0, 0], [210.5, 0.0123, 299_999.5], [-0.0, 1e-300, -3e5],
  ]

  @Test("raw features through the scaled network: the bits of scaled ones through the plain")
  func sameBits() {
    let plain = DynamicNetwork(Self.network())
    var scaled = plain
    scaled.inputScaling = FeatureScaling(shift: Self.shift, spread: Self.spread)
    scaled.outputScaling = FeatureScaling(shift: Self.outputShift, spread: Self.outputSpread)
    let fixed = ScaledNetwork(
      Self.network(),
      inputScaling: FeatureScaling(
        shift: InlineArray<3, Double>(Self.shift, from: 0),
        spread: InlineArray<3, Double>(Self.spread, from: 0)),
      outputScaling: FeatureScaling(shift: [7, -0.5], spread: [2.5, 0.1]))
    var predictor = DynamicNetwork.Predictor(scaled)
    for raw in Self.examples {
      // The formula written out here, not the kernel's.
      let x = (0..<3).map { (raw[$0] - Self.shift[$0]) / Self.spread[$0] }
      let expected = plain.predict(x).enumerated().map { k, y in
        let product = y * Self.outputSpread[k]
        return product + Self.outputShift[k]
      }
      #expect(scaled.predict(raw).map(\.bitPattern) == expected.map(\.bitPattern))
      var output = [Double](repeating: 0, count: 2)
      raw.withUnsafeBufferPointer { x in
        output.withUnsafeMutableBufferPointer { predictor.predict(x, into: $0) }
      }
      #expect(output.map(\.bitPattern) == expected.map(\.bitPattern))
      let y = fixed.predict(InlineArray<3, Double>(raw, from: 0))
      #expect([y[0], y[1]].map(\.bitPattern) == expected.map(\.bitPattern))
      let largest = expected[1] > expected[0] ? 1 : 0
      #expect(fixed.classify(InlineArray<3, Double>(raw, from: 0)) == largest)
    }
  }

  @Test("the class index: the first largest output; none if any is NaN")
  func classIndex() {
    #expect([0.1, 0.7, 0.2].indexOfLargest(units: 3) == 1)
    #expect([0.5, 0.2, 0.5].indexOfLargest(units: 3) == 0)
    #expect([Double.nan, 0.2, 0.5].indexOfLargest(units: 3) == nil)
    #expect([-.infinity, 0].indexOfLargest(units: 2) == 1)
  }
}

extension InlineArray where Element == Double {
  /// The first `count` values of `values`.
  init(_ values: [Double], from start: Int) {
    self.init { values[start + $0] }
  }
}
