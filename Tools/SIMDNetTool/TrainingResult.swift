/// What a training run produced: the weights, how the cost fell on the way,
/// and how well the final weights fit the training set.
public struct TrainingResult: Sendable {
  /// The final weights, every one finite.
  public var weights: WeightsFile
  /// The epochs run.
  public var epochs: Int
  /// The cost over the whole training set after `epoch` epochs: epoch 0 is
  /// the initial weights, then evenly spaced epochs ending with the last.
  public var costCurve: [(epoch: Int, cost: Double)]
  /// The cost of the final weights over the whole training set (the last
  /// point of `costCurve`).
  public var finalCost: Double
  /// The share of training examples the final weights classify right
  /// (`Evaluation.isCorrect`).
  public var trainAccuracy: Double
  /// Wall-clock time of the epochs and cost evaluations, in seconds; the
  /// only part of a result that differs from run to run.
  public var seconds: Double

  public init(
    weights: WeightsFile, epochs: Int, costCurve: [(epoch: Int, cost: Double)],
    finalCost: Double, trainAccuracy: Double, seconds: Double
  ) {
    self.weights = weights
    self.epochs = epochs
    self.costCurve = costCurve
    self.finalCost = finalCost
    self.trainAccuracy = trainAccuracy
    self.seconds = seconds
  }

  /// The `--report json` object of `simdnet train`: the keys the issue
  /// names (`epochs`, `final_cost`, `cost_curve` as `[[epoch, cost], …]`,
  /// `train_accuracy`, `seconds`, `weights` as the weights-file object),
  /// then what a script needs to tell runs apart: the dataset, its digest
  /// and size, and the settings of `spec`.
  public func report(spec: TrainingSpec, data: DatasetFile) -> JSONValue {
    var members = [
      JSONMember("epochs", .number(epochs)),
      JSONMember("final_cost", .number(finalCost)),
      JSONMember(
        "cost_curve", .array(costCurve.map { .array([.number($0.epoch), .number($0.cost)]) })),
      JSONMember("train_accuracy", .number(trainAccuracy)),
      JSONMember("seconds", .number(seconds)),
      JSONMember("weights", weights.json),
      JSONMember("dataset", .string(data.path)),
      JSONMember("dataset_sha256", .string(data.sha256)),
      JSONMember("examples", .number(data.exampleCount)),
      JSONMember("loss", .string(spec.loss.name)),
      JSONMember("optimizer", .string(spec.optimizer.rawValue)),
    ]
    if spec.optimizer == .minibatch {
      members.append(JSONMember("batch_size", .number(spec.batchSize)))
    }
    members += [
      JSONMember("shuffle", .bool(spec.shuffle)),
      JSONMember("learning_rate", .number(spec.learningRate)),
      JSONMember("seed", JSONValue(.number(String(spec.seed)))),
      JSONMember("initial_weights", .string(spec.initialWeights == nil ? "xavier" : "given")),
    ]
    return .object(members)
  }
}
