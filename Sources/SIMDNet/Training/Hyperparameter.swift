/// The optimizers' hyperparameters, and the values each may take.
///
/// The one place these rules are written: `Momentum`, `RPROP` and `Adam`
/// check their values against them and throw a `HyperparameterError`
/// naming the one out of range, and the tool names it by its flag or
/// manifest key. (Typed throws, so this works in Embedded Swift too.)
public enum Hyperparameter: Sendable, Hashable, CaseIterable {
  /// `μ`, the share of the velocity kept from one update to the next.
  case momentum
  /// `η⁺`, the factor rprop grows a step by while its gradient keeps its sign.
  case rpropIncrease
  /// `η⁻`, the factor rprop shrinks a step by when its gradient flips sign.
  case rpropDecrease
  /// `Δ0`, every parameter's first rprop step.
  case rpropInitialStep
  /// `Δmax`, the largest rprop step.
  case rpropMaxStep
  /// `Δmin`, the smallest rprop step.
  case rpropMinStep
  /// `β₁`, the decay of Adam's estimate of the gradient's mean.
  case adamBeta1
  /// `β₂`, the decay of Adam's estimate of the gradient's uncentred variance.
  case adamBeta2
  /// `ε`, added to Adam's `√v̂` so that no update divides by zero.
  case adamEpsilon

  /// The symbol the literature writes it as: `Δmax`.
  public var symbol: String {
    switch self {
    case .momentum: "μ"
    case .rpropIncrease: "η⁺"
    case .rpropDecrease: "η⁻"
    case .rpropInitialStep: "Δ0"
    case .rpropMaxStep: "Δmax"
    case .rpropMinStep: "Δmin"
    case .adamBeta1: "β₁"
    case .adamBeta2: "β₂"
    case .adamEpsilon: "ε"
    }
  }

  /// The values `allows` accepts, for messages: "in [0, 1)".
  public var allowedValues: String {
    switch self {
    case .momentum, .adamBeta1, .adamBeta2: "in [0, 1)"
    case .rpropIncrease: "a finite number above 1"
    case .rpropDecrease: "in (0, 1)"
    case .rpropInitialStep, .rpropMaxStep, .rpropMinStep, .adamEpsilon: "a positive finite number"
    }
  }

  /// Whether `value` is allowed for this hyperparameter on its own; NaN
  /// never is. The rprop steps must also be in order (`RPROP.misorderedSteps`).
  @inlinable
  public func allows(_ value: Double) -> Bool {
    switch self {
    case .momentum, .adamBeta1, .adamBeta2: value >= 0 && value < 1
    case .rpropIncrease: value > 1 && value.isFinite
    case .rpropDecrease: value > 0 && value < 1
    case .rpropInitialStep, .rpropMaxStep, .rpropMinStep, .adamEpsilon:
      value > 0 && value.isFinite
    }
  }

  /// Throws unless `allows(value)`.
  @inlinable
  public func check(_ value: Double) throws(HyperparameterError) {
    guard allows(value) else { throw .outOfRange(self, value) }
  }

  /// The rule the rprop steps follow together, for messages.
  public static let rpropStepOrder = "0 < Δmin ≤ Δ0 ≤ Δmax < ∞"
}

/// A hyperparameter an optimizer cannot run with.
public enum HyperparameterError: Error, Sendable, Equatable {
  /// The value is outside the hyperparameter's `allowedValues`.
  case outOfRange(Hyperparameter, Double)
  /// Two rprop steps out of `Hyperparameter.rpropStepOrder`: `smaller`
  /// should be no larger than `larger`, and is.
  case misorderedSteps(smaller: Hyperparameter, larger: Hyperparameter)
}
