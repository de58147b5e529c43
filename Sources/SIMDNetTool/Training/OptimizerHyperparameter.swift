import SIMDNet

/// A hyperparameter of the momentum, rprop or adam optimizer: its names on
/// the command line (`--rprop-max-step`) and in the fixture manifest
/// (`rprop_max_step`), its default, and the values it may take.
///
/// The defaults and the allowed values are the kernel's (`Momentum()`,
/// `RPROP()`, `Adam()`; `Hyperparameter`), so the tool cannot disagree with
/// it; what the tool adds is the names a user types.
public enum OptimizerHyperparameter: String, Sendable, CaseIterable {
  /// `μ`, the share of the velocity kept from one update to the next.
  case momentum
  /// `η⁺`, the factor rprop grows a step by while its gradient keeps its sign.
  case rpropIncrease = "rprop-increase"
  /// `η⁻`, the factor rprop shrinks a step by when its gradient flips sign.
  case rpropDecrease = "rprop-decrease"
  /// `Δ0`, every parameter's first rprop step.
  case rpropInitialStep = "rprop-initial-step"
  /// `Δmax`, the largest rprop step.
  case rpropMaxStep = "rprop-max-step"
  /// `Δmin`, the smallest rprop step.
  case rpropMinStep = "rprop-min-step"
  /// `β₁`, the decay of Adam's estimate of the gradient's mean.
  case adamBeta1 = "adam-beta1"
  /// `β₂`, the decay of Adam's estimate of the gradient's uncentred variance.
  case adamBeta2 = "adam-beta2"
  /// `ε`, added to Adam's `√v̂` so that no update divides by zero.
  case adamEpsilon = "adam-epsilon"

  /// The command-line flag: `--rprop-max-step`.
  public var flag: String { "--" + rawValue }

  /// The key in the fixture manifest and the JSON report: `rprop_max_step`.
  public var key: String { rawValue.replacingHyphens(with: "_") }

  /// The name in a Swift export's provenance header: `rprop max step`.
  public var label: String { rawValue.replacingHyphens(with: " ") }

  /// The optimizer it belongs to.
  public var optimizer: OptimizerName {
    switch self {
    case .momentum: .momentum
    case .rpropIncrease, .rpropDecrease, .rpropInitialStep, .rpropMaxStep, .rpropMinStep: .rprop
    case .adamBeta1, .adamBeta2, .adamEpsilon: .adam
    }
  }

  /// The kernel's hyperparameter, whose rules this one follows.
  public var kernel: Hyperparameter {
    switch self {
    case .momentum: .momentum
    case .rpropIncrease: .rpropIncrease
    case .rpropDecrease: .rpropDecrease
    case .rpropInitialStep: .rpropInitialStep
    case .rpropMaxStep: .rpropMaxStep
    case .rpropMinStep: .rpropMinStep
    case .adamBeta1: .adamBeta1
    case .adamBeta2: .adamBeta2
    case .adamEpsilon: .adamEpsilon
    }
  }

  /// The tool's name for the kernel's `hyperparameter`.
  public init(_ hyperparameter: Hyperparameter) {
    self = Self.allCases.first { $0.kernel == hyperparameter }!
  }

  /// The symbol the literature writes it as: `Δmax`.
  public var symbol: String { kernel.symbol }

  /// What it does, in a few words, for `--help`.
  public var meaning: String {
    switch self {
    case .momentum: "the share of the velocity kept from one update to the next"
    case .rpropIncrease: "the factor a step grows by while its gradient keeps its sign"
    case .rpropDecrease: "the factor a step shrinks by when its gradient changes sign"
    case .rpropInitialStep: "every parameter's first step"
    case .rpropMaxStep: "the largest step, at least Δ0"
    case .rpropMinStep: "the smallest step, at most Δ0"
    case .adamBeta1: "the decay of the running mean of the gradient"
    case .adamBeta2: "the decay of the running mean of the squared gradient"
    case .adamEpsilon: "added to the root of the second moment, so that no step divides by 0"
    }
  }

  /// The value used when none is given: the kernel's default.
  public var defaultValue: Double {
    switch self {
    case .momentum: Momentum().coefficient
    case .rpropIncrease: RPROP().increaseFactor
    case .rpropDecrease: RPROP().decreaseFactor
    case .rpropInitialStep: RPROP().initialStep
    case .rpropMaxStep: RPROP().maxStep
    case .rpropMinStep: RPROP().minStep
    case .adamBeta1: Adam().firstMomentDecay
    case .adamBeta2: Adam().secondMomentDecay
    case .adamEpsilon: Adam().epsilon
    }
  }

  /// The values `allows` accepts, for messages and `--help`: "in [0, 1)".
  public var allowedValues: String { kernel.allowedValues }

  /// Whether `value` is one the kernel accepts for this hyperparameter on
  /// its own; NaN never is. The rprop steps must also be in order, which
  /// `misorderedSteps` checks.
  public func allows(_ value: Double) -> Bool { kernel.allows(value) }

  /// The rule the rprop steps must follow together, for messages.
  public static let stepOrder = Hyperparameter.rpropStepOrder

  /// The first pair of rprop steps out of `stepOrder`, given each step's
  /// value, as (the step that should be no larger, the step it exceeds);
  /// nil if they are in order (the kernel's `RPROP.misorderedSteps`).
  public static func misorderedSteps(
    _ value: (OptimizerHyperparameter) -> Double
  ) -> (smaller: OptimizerHyperparameter, larger: OptimizerHyperparameter)? {
    RPROP.misorderedSteps(
      minStep: value(.rpropMinStep), initialStep: value(.rpropInitialStep),
      maxStep: value(.rpropMaxStep)
    ).map { (Self($0.smaller), Self($0.larger)) }
  }
}

extension String {
  /// This text with every `-` replaced.
  fileprivate func replacingHyphens(with replacement: Character) -> String {
    String(map { $0 == "-" ? replacement : $0 })
  }
}
