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
///
/// `softmax` works across a layer's units rather than on each one; its
/// table is in `Lanes.softmax(_:into:)`'s documentation.
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
  /// `ŷ_j = e^(z_j) / Σ_k e^(z_k)` across the layer's units, for each
  /// example: the outputs are positive and sum to 1, a probability for each
  /// class. An output-layer activation only (`Stack` and `DynamicNetwork`
  /// refuse it in a hidden layer), paired with `Loss.crossEntropy`, which is
  /// then the categorical cross-entropy. Computed stably, from `z − max z`
  /// (see `Lanes.softmax(_:into:)`).
  case softmax

  /// Whether each unit's output depends on its own pre-activation alone:
  /// every activation but `softmax`, which couples a layer's units. Only
  /// these serve hidden layers.
  @inlinable
  public var isElementwise: Bool { self != .softmax }

  /// `ŷ = f(z)` for four examples of one unit: for `softmax`, the output
  /// of a one-unit layer, 1 (NaN for NaN); a wider layer needs `apply`.
  @inlinable @inline(__always)
  public func callAsFunction(_ z: Lanes) -> Lanes {
    switch self {
    case .sigmoid: .sigmoid(z)
    case .tableSigmoid: .tableSigmoid(z)
    case .tanh: .tanh(z)
    case .relu: .relu(z)
    case .linear: z
    case .softmax: Lanes(repeating: 1).replacing(with: .nan, where: z .!= z)
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
    case .softmax: Lanes.softmax(z, into: &y)
    }
  }

  /// The local gradient `∂ŷ/∂z`, from the output `ŷ`.
  ///
  /// - sigmoid: `ŷ(1 − ŷ)` (the lecture's derivation). For the table sigmoid
  ///   this uses the table's `ŷ`, and is within 4.8e-7 of the exact `σ'(z)`.
  /// - tanh: `1 − ŷ²`.
  /// - relu: 1 where `ŷ > 0`, else 0 (0 at the kink and for NaN).
  /// - linear: 1.
  /// - softmax: `ŷ(1 − ŷ)`, the diagonal of its Jacobian `∂ŷ_j/∂z_k =
  ///   ŷ_j(δ_jk − ŷ_k)`: the whole local gradient only of a one-unit layer.
  ///   A layer's `applyLocalGradient` applies the full Jacobian.
  @inlinable @inline(__always)
  public func localGradient(output y: Lanes) -> Lanes {
    switch self {
    case .sigmoid, .tableSigmoid, .softmax: y * (1 - y)
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
