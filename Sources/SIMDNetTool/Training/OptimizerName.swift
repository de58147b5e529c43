import SIMDNet

/// How training turns gradients into updates, as the command line and the
/// fixture manifest name it: which examples each gradient averages over
/// (the kernel's `Batching`) and what an update does with it (the
/// kernel's `Optimizer`).
///
/// The names are the ones users type, so one name stands for a pair of
/// kernel choices, and the settings that go with it live beside it in
/// `TrainingSpec`: the batch size, the learning rate and the optimizer's
/// `Hyperparameter`s.
public enum OptimizerName: String, Sendable, CaseIterable {
  /// One update per epoch, with the gradient averaged over all `m` examples:
  /// the lecture's `w = w − (α/m)·Δw`.
  case batch
  /// One update for each run of `batchSize` consecutive examples (of the
  /// visiting order); the last run of an epoch may be shorter.
  case minibatch
  /// Stochastic gradient descent: one update per example.
  case sgd
  /// Classical momentum, `v = μ·v − α·g`, `w = w + v`, on mini-batches.
  case momentum
  /// iRPROP−: a step per parameter that grows while its gradient keeps its
  /// sign and shrinks when it flips. It uses only the sign of the
  /// whole-batch gradient, so it has neither a learning rate nor batches.
  case rprop
  /// Adam (Kingma & Ba): steps of about `α`, scaled per parameter by running
  /// estimates of the gradient's mean and variance, on mini-batches.
  case adam

  /// `α` when none is given; nil for `rprop`, which has none. These are the
  /// usual starting points: the tool's long-standing 0.7 for plain descent
  /// on small sigmoid networks, 0.1 for momentum (whose velocity multiplies
  /// the step by up to `1/(1 − μ)`, 10 at `μ = 0.9`), and Kingma & Ba's
  /// 0.001 for Adam.
  public var defaultLearningRate: Double? {
    switch self {
    case .batch, .minibatch, .sgd: 0.7
    case .momentum: 0.1
    case .adam: 0.001
    case .rprop: nil
    }
  }

  /// Whether a batch size may be given: mini-batch descent, momentum and
  /// Adam update once per run of that many examples (32 when none is
  /// given, the mini-batches Kingma & Ba's defaults are meant for; at
  /// least the number of examples makes one update per epoch). Batch
  /// descent, sgd and rprop fix theirs.
  public var takesBatchSize: Bool {
    switch self {
    case .minibatch, .momentum, .adam: true
    case .batch, .sgd, .rprop: false
    }
  }

  /// Examples per update when the optimizer takes a batch size and none is
  /// given.
  public static let defaultMiniBatchSize = 32

  /// The optimizer's own hyperparameters, in the order they are listed.
  public var hyperparameters: [Hyperparameter] {
    Hyperparameter.allCases.filter { $0.optimizer == self }
  }

  /// The names that take a batch size, for messages: "minibatch, momentum
  /// or adam".
  static var namesTakingBatchSize: [String] {
    allCases.filter(\.takesBatchSize).map(\.rawValue)
  }
}
