/// How far a prediction `ŷ` is from its target `y`, and where the backward
/// pass starts: the upstream gradient `∂Cost/∂ŷ` at the output.
///
/// The cost of `m` examples is the mean of their losses, each summed over
/// the network's outputs.
public enum Loss: Sendable, Hashable, CaseIterable {
  /// The lecture's `L = ½(y − ŷ)²`, so that
  /// `Cost = 1/(2m) Σ (y − ŷ)²` and `∂Cost/∂ŷ = −(1/m)(y − ŷ)`.
  case halfSquaredError
  /// Binary cross-entropy, `L = −[y log ŷ + (1 − y) log(1 − ŷ)]`, for
  /// outputs in (0, 1).
  ///
  /// After the exact sigmoid the loss is computed from the pre-activation
  /// `z` as `max(z, 0) − y·z + log(1 + e^(−|z|))`, which stays finite where
  /// `ŷ` rounds to 0 or 1. After the table sigmoid it is computed from `ŷ`,
  /// which the table keeps within [σ(−16), σ(16)], so it is finite too.
  /// Either way `∂Cost/∂z = (ŷ − y)/m`. After another activation it is
  /// computed from `ŷ` and is NaN outside (0, 1).
  case crossEntropy

  /// The loss of each of four examples for one output.
  ///
  /// - Parameters:
  ///   - output: `ŷ`.
  ///   - z: the pre-activation, with `ŷ = activation(z)`.
  ///   - y: the target.
  ///   - activation: the output layer's activation.
  @inlinable
  public func loss(
    output: Lanes, preActivation z: Lanes, target y: Lanes, activation: Activation
  ) -> Lanes {
    switch self {
    case .halfSquaredError:
      let error = y - output
      return 0.5 * (error * error)
    case .crossEntropy where activation == .sigmoid:
      let magnitude = z.replacing(with: -z, where: z .< 0)
      let softplus = Lanes.log(onePlus: .exp(-magnitude))
      return z.replacing(with: 0, where: z .< 0) - y * z + softplus
    case .crossEntropy:
      return -(y * .log(output) + (1 - y) * .log(onePlus: -output))
    }
  }

  /// The upstream gradient `∂Cost/∂ŷ` of four examples for one output, in a
  /// cost that averages over `m` examples (`scale` is `1/m`).
  @inlinable @inline(__always)
  public func upstreamGradient(output: Lanes, target y: Lanes, scale: Double) -> Lanes {
    switch self {
    case .halfSquaredError: -(y - output) * scale
    case .crossEntropy: (output - y) / (output * (1 - output)) * scale
    }
  }

  /// `∂Cost/∂z` at the output layer: upstream gradient × local gradient.
  ///
  /// For cross-entropy after a sigmoid the product simplifies to
  /// `(ŷ − y)/m`, which is computed directly: `ŷ(1 − ŷ)` is 0 where `ŷ`
  /// rounds to 1, and the two factors would give NaN there.
  @inlinable @inline(__always)
  public func outputGradient(
    output: Lanes, target y: Lanes, activation: Activation, scale: Double
  ) -> Lanes {
    if self == .crossEntropy && activation.isSigmoid {
      return (output - y) * scale
    }
    return upstreamGradient(output: output, target: y, scale: scale)
      * activation.localGradient(output: output)
  }
}
