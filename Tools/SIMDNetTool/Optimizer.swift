import SIMDNet

/// How many examples each update of gradient descent averages over, as the
/// command line and the fixture manifest name it.
///
/// The kernel's `GradientDescent` carries the mini-batch size in its case;
/// here the size is a separate setting (`TrainingSpec.batchSize`) so that
/// the name alone can be written and read.
public enum Optimizer: String, Sendable, CaseIterable {
  /// One update per epoch, with the gradient averaged over all `m` examples:
  /// the lecture's `w = w − (α/m)·Δw`.
  case batch
  /// One update for each run of `batchSize` consecutive examples (of the
  /// visiting order); the last run of an epoch may be shorter.
  case minibatch
  /// Stochastic gradient descent: one update per example.
  case sgd

  /// The kernel's descent for this optimizer, with `batchSize` for
  /// `minibatch`.
  public func descent(batchSize: Int) -> GradientDescent {
    switch self {
    case .batch: .batch
    case .minibatch: .miniBatch(size: batchSize)
    case .sgd: .stochastic
    }
  }
}
