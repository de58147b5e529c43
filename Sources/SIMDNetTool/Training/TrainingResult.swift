/// What a training run produced: the weights, how the cost fell on the way,
/// and how well the weights fit the training set (and, when given, the
/// validation set).
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

  /// The `--report json` object of `simdnet train`: the keys the issue
  /// names (`epochs`, `final_cost`, `cost_curve` as `[[epoch, cost], …]`,
  /// `train_accuracy`, `seconds`, `weights` as the weights-file object);
  /// with validation data `validation_curve` (at the epochs of
  /// `cost_curve`), `best_epoch`, `best_validation_cost` and
  /// `stopped_early`; then what a script needs to tell runs apart: the
  /// datasets, their digests and sizes, and the settings of `spec` (only
  /// those its optimizer uses, at the values it used).
  public func report(
    spec: TrainingSpec, data: DatasetFile, validation: DatasetFile? = nil
  ) -> JSONValue {
    func curve(_ points: [(epoch: Int, cost: Double)]) -> JSONValue {
      .array(points.map { .array([.number($0.epoch), .number($0.cost)]) })
    }
    var members = [
      JSONMember("epochs", .number(epochs)),
      JSONMember("final_cost", .number(finalCost)),
      JSONMember("cost_curve", curve(costCurve)),
    ]
    if let validationCurve, let best {
      members += [
        JSONMember("validation_curve", curve(validationCurve)),
        JSONMember("best_epoch", .number(best.epoch)),
        JSONMember("best_validation_cost", .number(best.validationCost)),
        JSONMember("stopped_early", .bool(stoppedEarly)),
      ]
    }
    members += [
      JSONMember("train_accuracy", .number(trainAccuracy)),
      JSONMember("seconds", .number(seconds)),
      JSONMember("weights", weights.json),
      JSONMember("dataset", .string(data.path)),
      JSONMember("dataset_sha256", .string(data.sha256)),
      JSONMember("examples", .number(data.exampleCount)),
    ]
    if let validation {
      members += [
        JSONMember("validation_dataset", .string(validation.path)),
        JSONMember("validation_dataset_sha256", .string(validation.sha256)),
        JSONMember("validation_examples", .number(validation.exampleCount)),
      ]
    }
    members += [
      JSONMember("loss", .string(spec.loss.name)),
      JSONMember("optimizer", .string(spec.optimizer.rawValue)),
    ]
    if let batchSize = spec.effectiveBatchSize {
      members.append(JSONMember("batch_size", .number(batchSize)))
    }
    for parameter in spec.optimizer.hyperparameters {
      members.append(JSONMember(parameter.key, .number(spec.value(of: parameter))))
    }
    members.append(JSONMember("shuffle", .bool(spec.shuffle)))
    if let rate = spec.effectiveLearningRate {
      members.append(JSONMember("learning_rate", .number(rate)))
    }
    if let patience = spec.patience {
      members.append(JSONMember("patience", .number(patience)))
    }
    members += [
      JSONMember("seed", JSONValue(.number(String(spec.seed)))),
      JSONMember("initial_weights", .string(spec.initialWeights == nil ? "xavier" : "given")),
    ]
    return .object(members)
  }
}
