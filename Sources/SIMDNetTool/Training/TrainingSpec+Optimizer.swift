import SIMDNet

extension TrainingSpec {
  /// `α` as training uses it: the one given, or the optimizer's default;
  /// nil for rprop, which has none.
  public var effectiveLearningRate: Double? { learningRate ?? optimizer.defaultLearningRate }

  /// Examples per update when the optimizer takes a batch size: the one
  /// given, or `defaultMiniBatchSize`; nil when every update sees the whole
  /// training set or a single example.
  public var effectiveBatchSize: Int? {
    optimizer.takesBatchSize ? batchSize ?? OptimizerName.defaultMiniBatchSize : nil
  }

  /// The value of `parameter`: the one given, or its default.
  public func value(of parameter: Hyperparameter) -> Double {
    hyperparameters[parameter] ?? parameter.defaultValue
  }

  /// The kernel's gradient descent for this spec: which examples each
  /// update's gradient averages over.
  public var batching: Batching {
    switch optimizer {
    case .batch, .rprop: .batch
    case .sgd: .stochastic
    case .minibatch, .momentum, .adam: .miniBatch(size: effectiveBatchSize!)
    }
  }

  /// The kernel's optimizer for this spec: what each update does with the
  /// gradient.
  ///
  /// - Precondition: `optimizerProblem` finds nothing (as after
  ///   `validate()`), which checks the kernel's own rules.
  public var kernelOptimizer: Optimizer {
    do throws(HyperparameterError) {
      switch optimizer {
      case .batch, .minibatch, .sgd: return .gradientDescent
      case .momentum: return .momentum(try Momentum(coefficient: value(of: .momentum)))
      case .rprop:
        return .rprop(
          try RPROP(
            increaseFactor: value(of: .rpropIncrease), decreaseFactor: value(of: .rpropDecrease),
            initialStep: value(of: .rpropInitialStep), maxStep: value(of: .rpropMaxStep),
            minStep: value(of: .rpropMinStep)))
      case .adam:
        return .adam(
          try Adam(
            firstMomentDecay: value(of: .adamBeta1), secondMomentDecay: value(of: .adamBeta2),
            epsilon: value(of: .adamEpsilon)))
      }
    } catch {
      preconditionFailure("optimizerProblem passed a setting the kernel refuses: \(error)")
    }
  }

  /// The first optimizer setting this spec cannot run with, named as
  /// `naming` says: a learning rate for rprop, a batch size for an
  /// optimizer that fixes its own, a hyperparameter of another optimizer,
  /// one out of its range, or rprop steps out of order. Each front end
  /// turns it into its own error, pointing at the setting to blame.
  ///
  /// The ranges are the kernel's (`Hyperparameter`); here each problem is
  /// named the way the user gave the setting.
  public func optimizerProblem(naming: SettingNaming) -> SettingProblem? {
    if optimizer == .rprop, learningRate != nil {
      let steps = [Hyperparameter.rpropInitialStep, .rpropMinStep, .rpropMaxStep].map {
        naming.name(.hyperparameter($0))
      }
      return SettingProblem(
        .learningRate,
        "rprop does not use a learning rate (leave out \(naming.name(.learningRate))); its "
          + "steps are set by \(steps[0]), \(steps[1]) and \(steps[2])")
    }
    if batchSize != nil, !optimizer.takesBatchSize {
      return SettingProblem(
        .batchSize,
        "\(naming.name(.batchSize)) applies only to "
          + "\(naming.optimizers(OptimizerName.namesTakingBatchSize)), not \(optimizer.rawValue)")
    }
    for parameter in Hyperparameter.allCases {
      guard let given = hyperparameters[parameter] else { continue }
      let name = naming.name(.hyperparameter(parameter))
      guard parameter.optimizer == optimizer else {
        return SettingProblem(
          .hyperparameter(parameter),
          "\(name) applies only to \(naming.optimizers([parameter.optimizer.rawValue])), not "
            + optimizer.rawValue)
      }
      guard parameter.allows(given) else {
        return SettingProblem(
          .hyperparameter(parameter), "\(name) must be \(parameter.allowedValues), not \(given)")
      }
    }
    if optimizer == .rprop,
      let (smaller, larger) = Hyperparameter.misorderedSteps(value(of:))
    {
      func shown(_ step: Hyperparameter) -> String {
        naming.name(.hyperparameter(step)) + " \(value(of: step))"
          + (hyperparameters[step] == nil ? " (the default)" : "")
      }
      return SettingProblem(
        .hyperparameter(hyperparameters[smaller] != nil ? smaller : larger),
        "\(shown(smaller)) is above \(shown(larger)); rprop's steps must satisfy "
          + Hyperparameter.rpropStepOrder)
    }
    return nil
  }
}
