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
  ///
  /// After `softmax` it is the categorical cross-entropy,
  /// `L = −Σ_k y_k log ŷ_k` over the layer's units, computed from the
  /// logits by log-sum-exp: `log ŷ_k = (z_k − M) − log Σ_j e^(z_j − M)`,
  /// `M = max_j z_j`, so it is finite wherever `ŷ_k` would round to 0, and
  /// a unit with `y_k = 0` adds 0 (never `0·∞`). Then
  /// `∂Cost/∂z_j = (ŷ_j·Σ_k y_k − y_j)/m`: `(ŷ − y)/m` for one-hot targets
  /// (or any that sum to 1), from the forward pass's `ŷ`, with no division
  /// by `ŷ`.
  case crossEntropy

  /// The loss of each of four examples for one output of an elementwise
  /// activation (`Activation.isElementwise`); a softmax layer's loss is
  /// `addLoss(outputs:preActivations:targets:activation:padding:to:)`'s.
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

  /// `∂Cost/∂z` at one output of an elementwise activation: upstream
  /// gradient × local gradient. A softmax layer's is
  /// `preActivationGradient(outputs:targets:activation:scale:padding:into:)`'s.
  ///
  /// For cross-entropy after a sigmoid the product simplifies to
  /// `(ŷ − y)/m`, which is computed directly: `ŷ(1 − ŷ)` is 0 where `ŷ`
  /// rounds to 1, and the two factors would give NaN there.
  @inlinable @inline(__always)
  public func preActivationGradient(
    output: Lanes, target y: Lanes, activation: Activation, scale: Double
  ) -> Lanes {
    if self == .crossEntropy && activation.isSigmoid {
      return (output - y) * scale
    }
    return upstreamGradient(output: output, target: y, scale: scale)
      * activation.localGradient(output: output)
  }

  /// Adds each of four examples' loss, summed over the output layer's
  /// units in order, to `total`; lanes in `padding` add 0.
  ///
  /// For softmax with cross-entropy, `L = Σ_k y_k·(log S − (z_k − M))`
  /// with `S = Σ_j e^(z_j − M)` (see `crossEntropy`), each unit's term
  /// added in turn and 0 where `y_k = 0`; for softmax with half squared
  /// error, and every elementwise activation, each unit's
  /// `loss(output:preActivation:target:activation:)`.
  @inlinable @inline(__always)
  public func addLoss<Y: LaneStorage, T: LaneStorage>(
    outputs: Y, preActivations z: Y, targets y: T, activation: Activation,
    padding: SIMDMask<SIMD4<Int64>>, to total: inout Lanes
  ) {
    guard self == .crossEntropy, activation == .softmax else {
      for k in 0..<outputs.width {
        total += loss(
          output: outputs[feature: k], preActivation: z[feature: k], target: y[feature: k],
          activation: activation
        ).replacing(with: 0, where: padding)
      }
      return
    }
    var largest = z[feature: 0]
    for j in 1..<z.width {
      let zj = z[feature: j]
      largest = largest.replacing(with: zj, where: zj .> largest)
    }
    var sum = Lanes.zero
    for j in 0..<z.width { sum += .exp(.softmaxShift(z[feature: j], largest: largest)) }
    let logSum = Lanes.log(sum)
    for k in 0..<z.width {
      let yk = y[feature: k]
      let term = yk * (logSum - .softmaxShift(z[feature: k], largest: largest))
      total += term.replacing(with: 0, where: (yk .== 0) .| padding)
    }
  }

  /// Sets `∂Cost/∂z` of the output layer's units for four examples, in a
  /// cost that averages over `m` examples (`scale` is `1/m`); lanes in
  /// `padding` get 0.
  ///
  /// - Cross-entropy after softmax: `(ŷ_j·Σ_k y_k − y_j)·scale`, the sum in
  ///   unit order (see `crossEntropy`).
  /// - Half squared error after softmax: the upstream gradient times the
  ///   full Jacobian (`Lanes.applySoftmaxJacobian(_:output:)`).
  /// - Elementwise activations: each unit's
  ///   `preActivationGradient(output:target:activation:scale:)`.
  @inlinable @inline(__always)
  public func preActivationGradient<Y: LaneStorage, T: LaneStorage, G: LaneStorage>(
    outputs: Y, targets y: T, activation: Activation, scale: Double,
    padding: SIMDMask<SIMD4<Int64>>, into gradient: inout G
  ) {
    switch (self, activation) {
    case (.crossEntropy, .softmax):
      var targetSum = Lanes.zero
      for k in 0..<y.width { targetSum += y[feature: k] }
      for j in 0..<outputs.width {
        gradient[feature: j] = ((outputs[feature: j] * targetSum - y[feature: j]) * scale)
          .replacing(with: 0, where: padding)
      }
    case (.halfSquaredError, .softmax):
      for k in 0..<outputs.width {
        gradient[feature: k] = upstreamGradient(
          output: outputs[feature: k], target: y[feature: k], scale: scale)
      }
      Lanes.applySoftmaxJacobian(&gradient, output: outputs)
      for k in 0..<outputs.width {
        gradient[feature: k] = gradient[feature: k].replacing(with: 0, where: padding)
      }
    default:
      for k in 0..<outputs.width {
        gradient[feature: k] = preActivationGradient(
          output: outputs[feature: k], target: y[feature: k], activation: activation, scale: scale
        ).replacing(with: 0, where: padding)
      }
    }
  }
}
