import Foundation
import SIMDNet
import Testing

/// What every activation returns for values that are not ordinary numbers,
/// as `Activation`'s documentation promises, and its local gradient.
@Suite("Activations")
struct ActivationTests {
  static let subnormal = Double.leastNonzeroMagnitude
  static let huge = Double.greatestFiniteMagnitude

  /// One lane at a time, so that each special value is checked alone.
  static func apply(_ activation: Activation, _ z: Double) -> Double {
    activation(Lanes(z, 0.25, -3, 40))[0]
  }

  @Test("NaN in, NaN out", arguments: Activation.allCases)
  func nan(activation: Activation) {
    #expect(Self.apply(activation, .nan).isNaN)
    #expect(Self.apply(activation, -.nan).isNaN)
  }

  @Test("the sigmoids saturate; the table clamps to its end knots")
  func sigmoidLimits() {
    for z in [Double.infinity, Self.huge, 1e10, 800] {
      #expect(Self.apply(.sigmoid, z) == 1)
      #expect(Self.apply(.sigmoid, -z) == 0)
      let top = Self.apply(.tableSigmoid, z)
      let bottom = Self.apply(.tableSigmoid, -z)
      #expect(top == Self.apply(.tableSigmoid, 16) && abs(top - 1) <= 1.2e-7)
      #expect(bottom == Self.apply(.tableSigmoid, -16) && bottom <= 1.2e-7 && bottom > 0)
    }
    for z in [0, -0.0, Self.subnormal, -Self.subnormal, Double.leastNormalMagnitude] {
      #expect(Self.apply(.sigmoid, z) == 0.5)
      #expect(abs(Self.apply(.tableSigmoid, z) - 0.5) <= 1e-15)
    }
    // Where e^(−z) overflows, 1/(1 + e^(−z)) is 0, not NaN.
    #expect(Self.apply(.sigmoid, -740) == 0 && Self.apply(.sigmoid, -700) > 0)
  }

  @Test("tanh: ±1 at the ends, exact near zero")
  func tanhLimits() {
    for z in [Double.infinity, Self.huge, 1e10, 40] {
      #expect(Self.apply(.tanh, z) == 1)
      #expect(Self.apply(.tanh, -z) == -1)
    }
    for z in [Self.subnormal, -Self.subnormal, 1e-300, Double.leastNormalMagnitude] {
      #expect(Self.apply(.tanh, z) == z)
    }
    #expect(Self.apply(.tanh, 0).sign == .plus && Self.apply(.tanh, -0.0).sign == .minus)
  }

  @Test("ReLU and linear pass numbers through; ReLU zeroes negatives")
  func piecewiseLinear() {
    for z in [Double.infinity, Self.huge, Self.subnormal, 2.5] {
      #expect(Self.apply(.relu, z) == z)
      #expect(Self.apply(.relu, -z) == 0)
      #expect(Self.apply(.linear, z) == z && Self.apply(.linear, -z) == -z)
    }
    #expect(Self.apply(.relu, 0) == 0 && Self.apply(.relu, -0.0) == 0)
  }

  @Test("lanes are independent")
  func lanesAreIndependent() {
    for activation in Activation.allCases {
      let mixed = activation(Lanes(.nan, .infinity, -.infinity, 0.5))
      let alone = Lanes(
        Self.apply(activation, .nan), Self.apply(activation, .infinity),
        Self.apply(activation, -.infinity), Self.apply(activation, 0.5))
      for k in 0..<4 {
        #expect(
          mixed[k] == alone[k] || (mixed[k].isNaN && alone[k].isNaN), "\(activation) lane \(k)")
      }
    }
  }

  @Test("local gradients from the output: σ' = ŷ(1 − ŷ), tanh' = 1 − ŷ², ReLU' ∈ {0, 1}")
  func localGradients() {
    for z in stride(from: -6.0, through: 6.0, by: 0.375) {
      let sigma = 1 / (1 + Foundation.exp(-z))
      let sigmaPrime = Activation.sigmoid.localGradient(
        output: Activation.sigmoid(Lanes(repeating: z)))[0]
      #expect(abs(sigmaPrime - sigma * (1 - sigma)) <= 1e-15)
      let tanhPrime = Activation.tanh.localGradient(output: Activation.tanh(Lanes(repeating: z)))[0]
      #expect(abs(tanhPrime - (1 - Foundation.tanh(z) * Foundation.tanh(z))) <= 1e-15)
      let reluPrime = Activation.relu.localGradient(output: Activation.relu(Lanes(repeating: z)))[0]
      #expect(reluPrime == (z > 0 ? 1 : 0))
      #expect(Activation.linear.localGradient(output: Lanes(repeating: z))[0] == 1)
    }
    // At the ends the sigmoid's local gradient is 0, never NaN.
    for activation in [Activation.sigmoid, .tableSigmoid, .tanh] {
      let ends = activation.localGradient(
        output: activation(Lanes(.infinity, -.infinity, 1e300, -1e300)))
      for k in 0..<4 { #expect(ends[k] >= 0 && ends[k] < 1e-6, "\(activation)") }
    }
  }
}
