/// What a training run produced: the weights, how the cost fell on the way,
/// and how well the weights fit the training set (and, when given, the
/// validation set). `TrainingReport` is its record, with the run's data and
/// settings, as `simdnet train --report json` writes it.
public struct TrainingResult: Sendable {
  /// The weights the run keeps, every one finite: the last epoch's, or
  /// with early stopping (`TrainingSpec.patience`) those of `best.epoch`.
  public var weights: WeightsFile
  /// The epochs run: `spec.epochs`, or fewer when early stopping ended the
  /// run.
  public var epochs: Int
  /// The cost over the whole training set after `epoch` epochs: epoch 0 is
  /// the initial weights, then evenly spaced epochs ending with the last
  /// one run.
  public var costCurve: [(epoch: Int, cost: Double)]
  /// The cost over the validation set at the epochs of `costCurve`; nil
  /// without validation data.
  public var validationCurve: [(epoch: Int, cost: Double)]?
  /// With validation data: the epoch (0 being the initial weights) whose
  /// weights had the lowest validation cost, the earliest of equal costs,
  /// and that cost, from the validation cost after every epoch. Without
  /// early stopping the weights kept are still the last epoch's, so this
  /// only informs. nil without validation data.
  public var best: (epoch: Int, validationCost: Double)?
  /// Whether early stopping ended the run before `spec.epochs`.
  public var stoppedEarly: Bool
  /// The cost of `weights` over the whole training set: the last point of
  /// `costCurve`, unless early stopping kept earlier weights.
  public var finalCost: Double
  /// The share of training examples `weights` classify right
  /// (`Evaluation.isCorrect`).
  public var trainAccuracy: Double
  /// Wall-clock time of the epochs and cost evaluations, in seconds; the
  /// only part of a result that differs from run to run.
  public var seconds: Double

  public init(
    weights: WeightsFile, epochs: Int, costCurve: [(epoch: Int, cost: Double)],
    validationCurve: [(epoch: Int, cost: Double)]? = nil,
    best: (epoch: Int, validationCost: Double)? = nil, stoppedEarly: Bool = false,
    finalCost: Double, trainAccuracy: Double, seconds: Double
  ) {
    self.weights = weights
    self.epochs = epochs
    self.costCurve = costCurve
    self.validationCurve = validationCurve
    self.best = best
    self.stoppedEarly = stoppedEarly
    self.finalCost = finalCost
    self.trainAccuracy = trainAccuracy
    self.seconds = seconds
  }
}
