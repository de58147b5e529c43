import SIMDNet

/// The names a user gives the kernel's hyperparameters: on the command line
/// (`--rprop-max-step`), in the fixture manifest and the JSON report
/// (`rprop_max_step`) and in a Swift export's header (`rprop max step`).
///
/// The defaults and the allowed values are the kernel's (`Momentum()`,
/// `RPROP()`, `Adam()`; `Hyperparameter`), so the tool cannot disagree with
/// it; what the tool adds is the names.
extension Hyperparameter {
  /// The name the others are made from: `rprop-max-step`.
  public var name: String {
    switch self {
    case .momentum: "momentum"
    case .rpropIncrease: "rprop-increase"
    case .rpropDecrease: "rprop-decrease"
    case .rpropInitialStep: "rprop-initial-step"
    case .rpropMaxStep: "rprop-max-step"
    case .rpropMinStep: "rprop-min-step"
    case .adamBeta1: "adam-beta1"
    case .adamBeta2: "adam-beta2"
    case .adamEpsilon: "adam-epsilon"
    }
  }

  /// The command-line flag: `--rprop-max-step`.
  public var flag: String { "--" + name }

  /// The key in the fixture manifest and the JSON report: `rprop_max_step`.
  public var key: String { name.replacingHyphens(with: "_") }

  /// The name in a Swift export's provenance header: `rprop max step`.
  public var label: String { name.replacingHyphens(with: " ") }

  /// The optimizer it belongs to.
  public var optimizer: OptimizerName {
    switch self {
    case .momentum: .momentum
    case .rpropIncrease, .rpropDecrease, .rpropInitialStep, .rpropMaxStep, .rpropMinStep: .rprop
    case .adamBeta1, .adamBeta2, .adamEpsilon: .adam
    }
  }

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

  /// The first pair of rprop steps out of `rpropStepOrder`, given each step's
  /// value, as (the step that should be no larger, the step it exceeds);
  /// nil if they are in order (the kernel's `RPROP.misorderedSteps`).
  public static func misorderedSteps(
    _ value: (Hyperparameter) -> Double
  ) -> (smaller: Hyperparameter, larger: Hyperparameter)? {
    RPROP.misorderedSteps(
      minStep: value(.rpropMinStep), initialStep: value(.rpropInitialStep),
      maxStep: value(.rpropMaxStep))
  }
}

extension String {
  /// This text with every `-` replaced.
  fileprivate func replacingHyphens(with replacement: Character) -> String {
    String(map { $0 == "-" ? replacement : $0 })
  }
}
