/// The nonlinearity a layer applies to its pre-activation `z`, and its local
/// gradient `∂ŷ/∂z`.
///
/// Every local gradient is written in terms of the layer's output `ŷ`, as the
/// lecture derives it for the sigmoid (`σ' = ŷ(1 − ŷ)`), so the backward pass
/// needs only what the forward pass kept.
///
/// What each activation returns for values that are not ordinary numbers:
///
/// | z | sigmoid | tableSigmoid | tanh | relu | linear |
/// | --- | --- | --- | --- | --- | --- |
/// | NaN | NaN | NaN | NaN | NaN | NaN |
/// | +∞, huge | 1 | σ(16) ≈ 1 − 1.1e-7 | 1 | z | z |
/// | −∞, huge negative | 0 | σ(−16) ≈ 1.1e-7 | −1 | 0 | z |
/// | ±0, subnormal | 0.5 | 0.5 | z | z if z ≥ 0 (keeps −0), 0 if z < 0 | z |
public enum Activation: Sendable, Hashable, CaseIterable {
  /// The lecture's logistic function `σ(z) = 1 / (1 + e^(−z))`, computed with
  /// the kernel's own `exp`.
  case sigmoid
  /// The logistic function from a 4097-knot table with linear interpolation:
  /// at most 7.35e-7 from `σ` inside [−16, 16] and 1.13e-7 outside.
  case tableSigmoid
  /// The hyperbolic tangent.
  case tanh
  /// Rectified linear units, `max(z, 0)`; NaN stays NaN.
  case relu
  /// The identity.
  case linear

  /// `ŷ = f(z)` for four examples.
  @inlinable @inline(__always)
  public func callAsFunction(_ z: Lanes) -> Lanes {
    switch self {
    case .sigmoid: .sigmoid(z)
    case .tableSigmoid: .tableSigmoid(z)
    case .tanh: .tanh(z)
    case .relu: .relu(z)
    case .linear: z
    }
  }

  /// Applies the activation to a whole layer, switching once per layer
  /// rather than once per neuron.
  @inlinable @inline(__always)
  public func apply<Z: LaneStorage, Y: LaneStorage>(to z: Z, into y: inout Y) {
    switch self {
    case .sigmoid: for j in 0..<z.width { y[feature: j] = .sigmoid(z[feature: j]) }
    case .tableSigmoid: for j in 0..<z.width { y[feature: j] = .tableSigmoid(z[feature: j]) }
    case .tanh: for j in 0..<z.width { y[feature: j] = .tanh(z[feature: j]) }
    case .relu: for j in 0..<z.width { y[feature: j] = .relu(z[feature: j]) }
    case .linear: for j in 0..<z.width { y[feature: j] = z[feature: j] }
    }
  }

  /// The local gradient `∂ŷ/∂z`, from the output `ŷ`.
  ///
  /// - sigmoid: `ŷ(1 − ŷ)` (the lecture's derivation). For the table sigmoid
  ///   this uses the table's `ŷ`, and is within 4.8e-7 of the exact `σ'(z)`.
  /// - tanh: `1 − ŷ²`.
  /// - relu: 1 where `ŷ > 0`, else 0 (0 at the kink and for NaN).
  /// - linear: 1.
  @inlinable @inline(__always)
  public func localGradient(output y: Lanes) -> Lanes {
    switch self {
    case .sigmoid, .tableSigmoid: y * (1 - y)
    case .tanh: 1 - y * y
    case .relu: Lanes(repeating: 0).replacing(with: 1, where: y .> 0)
    case .linear: Lanes(repeating: 1)
    }
  }

  /// Whether this is the logistic function, exact or from the table.
  @inlinable
  public var isSigmoid: Bool { self == .sigmoid || self == .tableSigmoid }
}

extension SIMD4 where Scalar == Double {
  /// Rectified linear units, `max(z, 0)` lane by lane: negative lanes become
  /// +0; NaN, −0 and the rest stay as they are.
  @inlinable @inline(__always)
  public static func relu(_ z: Self) -> Self { z.replacing(with: 0, where: z .< 0) }
}
