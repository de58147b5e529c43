import ArgumentParser
import SIMDNet
import SIMDNetTool

/// `--optimizer NAME [--batch-size N] [--learning-rate α]` and the
/// optimizers' own hyperparameters (`--momentum μ`, `--rprop-… `,
/// `--adam-…`): how `simdnet train` turns gradients into updates.
///
/// Every value is optional here, so that a flag the optimizer does not use
/// can be told from one left out; `TrainingSpec` supplies the defaults and
/// refuses what does not apply or is out of range (`optimizerProblem`),
/// naming the flag.
struct OptimizerOptions: ParsableArguments {
  @Option(
    help: ArgumentHelp(
      "How gradients become updates: batch, minibatch or sgd gradient descent, or momentum, "
        + "rprop or adam."))
  var optimizer: OptimizerName = .batch

  @Option(
    help: ArgumentHelp(
      "Examples per update with --optimizer minibatch, momentum or adam (default: "
        + "\(OptimizerName.defaultMiniBatchSize)); an error with the others.", valueName: "n"))
  var batchSize: Int?

  @Option(
    help: ArgumentHelp(
      "α, the step size (default: \(Self.learningRateDefaults)); rprop has none.",
      valueName: "α"))
  var learningRate: Double?

  @Option(name: .customLong(Hyperparameter.momentum.name), help: Self.help(.momentum))
  var momentum: Double?

  @Option(
    name: .customLong(Hyperparameter.rpropIncrease.name),
    help: Self.help(.rpropIncrease))
  var rpropIncrease: Double?

  @Option(
    name: .customLong(Hyperparameter.rpropDecrease.name),
    help: Self.help(.rpropDecrease))
  var rpropDecrease: Double?

  @Option(
    name: .customLong(Hyperparameter.rpropInitialStep.name),
    help: Self.help(.rpropInitialStep))
  var rpropInitialStep: Double?

  @Option(
    name: .customLong(Hyperparameter.rpropMaxStep.name), help: Self.help(.rpropMaxStep)
  )
  var rpropMaxStep: Double?

  @Option(
    name: .customLong(Hyperparameter.rpropMinStep.name), help: Self.help(.rpropMinStep)
  )
  var rpropMinStep: Double?

  @Option(
    name: .customLong(Hyperparameter.adamBeta1.name), help: Self.help(.adamBeta1))
  var adamBeta1: Double?

  @Option(
    name: .customLong(Hyperparameter.adamBeta2.name), help: Self.help(.adamBeta2))
  var adamBeta2: Double?

  @Option(
    name: .customLong(Hyperparameter.adamEpsilon.name), help: Self.help(.adamEpsilon))
  var adamEpsilon: Double?

  /// The hyperparameters given on the command line.
  var hyperparameters: [Hyperparameter: Double] {
    let given: [(Hyperparameter, Double?)] = [
      (.momentum, momentum), (.rpropIncrease, rpropIncrease), (.rpropDecrease, rpropDecrease),
      (.rpropInitialStep, rpropInitialStep), (.rpropMaxStep, rpropMaxStep),
      (.rpropMinStep, rpropMinStep), (.adamBeta1, adamBeta1), (.adamBeta2, adamBeta2),
      (.adamEpsilon, adamEpsilon),
    ]
    return Dictionary(
      uniqueKeysWithValues: given.compactMap { key, value in value.map { (key, $0) } })
  }

  /// A hyperparameter's `--help`: what it is, its range and default, and
  /// the optimizer it belongs to.
  static func help(_ parameter: Hyperparameter) -> ArgumentHelp {
    ArgumentHelp(
      "\(parameter.symbol), \(parameter.meaning): \(parameter.allowedValues) (default: "
        + "\(parameter.defaultValue)). --optimizer \(parameter.optimizer.rawValue) only.",
      valueName: parameter.symbol)
  }

  /// "0.7 for batch, minibatch and sgd; 0.1 for momentum; 0.001 for adam",
  /// from `OptimizerName.defaultLearningRate`.
  static var learningRateDefaults: String {
    var groups: [(rate: Double, names: [String])] = []
    for name in OptimizerName.allCases {
      guard let rate = name.defaultLearningRate else { continue }
      if let index = groups.firstIndex(where: { $0.rate == rate }) {
        groups[index].names.append(name.rawValue)
      } else {
        groups.append((rate, [name.rawValue]))
      }
    }
    return groups.map { "\($0.rate) for \($0.names.listed("and"))" }.joined(separator: "; ")
  }

  /// What the summary says was run: "mini-batch gradient descent (batches
  /// of 32), α = 0.7", "iRPROP− (η⁺ = 1.2, …)".
  static func description(of spec: TrainingSpec) -> String {
    let parameters = spec.optimizer.hyperparameters.map { "\($0.symbol) = \(spec.value(of: $0))" }
      .joined(separator: ", ")
    // Only the optimizers that take a batch size, which always have one, ask.
    var batches: String { "batches of \(spec.effectiveBatchSize!)" }
    let method =
      switch spec.optimizer {
      case .batch: "batch gradient descent"
      case .minibatch: "mini-batch gradient descent (\(batches))"
      case .sgd: "stochastic gradient descent"
      case .momentum: "momentum (\(parameters)) on \(batches)"
      case .rprop: "iRPROP− (\(parameters))"
      case .adam: "Adam (\(parameters)) on \(batches)"
      }
    return method + (spec.effectiveLearningRate.map { ", α = \($0)" } ?? "")
  }
}
