import SIMDNet
import SIMDNetPlot

/// The report of a training run, `simdnet train --report json`: the one
/// type the trainer writes and `simdnet plot` reads back
/// (`TrainingReport+JSON.swift` holds both directions, so the keys are
/// named in one place).
///
/// What the run produced — the cost curves, the accuracy, the weights —
/// and what it ran on and with: the datasets, their digests and sizes, and
/// the settings of its `TrainingSpec` that the optimizer used, at the
/// values it used. A report read from a file has what the file says: every
/// part a plot does not need is optional, so that a report written by hand
/// or by another version still plots.
public struct TrainingReport: Sendable, Equatable {
  /// A dataset the run read: the path as given, the SHA-256 of its bytes,
  /// and how many examples it has.
  public struct Dataset: Sendable, Equatable {
    public var path: String
    public var sha256: String
    public var examples: Int

    public init(path: String, sha256: String, examples: Int) {
      self.path = path
      self.sha256 = sha256
      self.examples = examples
    }

    /// The record of `data`.
    public init(_ data: DatasetFile) {
      self.init(path: data.path, sha256: data.sha256, examples: data.exampleCount)
    }
  }

  /// The settings a run trained with, as they decided the weights: those
  /// of its `TrainingSpec` that the optimizer uses, at the values it used
  /// (defaults filled in).
  public struct Settings: Sendable, Equatable {
    public var optimizer: OptimizerName
    /// Examples per update, for the optimizers that take a batch size.
    public var batchSize: Int?
    /// Every hyperparameter of the optimizer, at the value used.
    public var hyperparameters: [Hyperparameter: Double]
    public var shuffle: Bool
    /// `α`; nil for rprop, which has none.
    public var learningRate: Double?
    /// Early stopping's patience, when the run had it.
    public var patience: Int?
    public var seed: UInt64
    /// Whether the run started from given weights (`--init`) rather than
    /// Xavier's random ones.
    public var initialWeightsGiven: Bool

    public init(
      optimizer: OptimizerName, batchSize: Int? = nil,
      hyperparameters: [Hyperparameter: Double] = [:], shuffle: Bool = false,
      learningRate: Double? = nil, patience: Int? = nil, seed: UInt64,
      initialWeightsGiven: Bool = false
    ) {
      self.optimizer = optimizer
      self.batchSize = batchSize
      self.hyperparameters = hyperparameters
      self.shuffle = shuffle
      self.learningRate = learningRate
      self.patience = patience
      self.seed = seed
      self.initialWeightsGiven = initialWeightsGiven
    }

    /// The settings `spec` trains with.
    public init(_ spec: TrainingSpec) {
      self.init(
        optimizer: spec.optimizer, batchSize: spec.effectiveBatchSize,
        hyperparameters: Dictionary(
          uniqueKeysWithValues: spec.optimizer.hyperparameters.map { ($0, spec.value(of: $0)) }),
        shuffle: spec.shuffle, learningRate: spec.effectiveLearningRate, patience: spec.patience,
        seed: spec.seed, initialWeightsGiven: spec.initialWeights != nil)
    }
  }

  /// How the cost fell: the epochs, the final cost, the cost curve and,
  /// with validation data, the validation curve and its best epoch; and
  /// the loss that measured it. What a plot draws.
  public var costs: CostHistory
  /// Whether early stopping ended the run, when it had validation data.
  public var stoppedEarly: Bool?
  /// The fraction of training examples classified right, when reported.
  public var trainAccuracy: Double?
  /// Wall-clock seconds of the run, when reported.
  public var seconds: Double?
  public var weights: WeightsFile
  /// The training data, and the validation data if there was some.
  public var dataset: Dataset?
  public var validationDataset: Dataset?
  public var settings: Settings?

  public init(
    costs: CostHistory, stoppedEarly: Bool? = nil, trainAccuracy: Double? = nil,
    seconds: Double? = nil, weights: WeightsFile, dataset: Dataset? = nil,
    validationDataset: Dataset? = nil, settings: Settings? = nil
  ) {
    self.costs = costs
    self.stoppedEarly = stoppedEarly
    self.trainAccuracy = trainAccuracy
    self.seconds = seconds
    self.weights = weights
    self.dataset = dataset
    self.validationDataset = validationDataset
    self.settings = settings
  }

  /// The report of a run of `spec` on `data` (and `validation`) that
  /// gave `result`.
  public init(
    _ result: TrainingResult, spec: TrainingSpec, data: DatasetFile,
    validation: DatasetFile? = nil
  ) {
    func points(_ curve: [(epoch: Int, cost: Double)]) -> [CostHistory.Point] {
      curve.map { CostHistory.Point(epoch: $0.epoch, cost: $0.cost) }
    }
    // The validation keys come as a group, from a run that had validation
    // data.
    let best = result.validationCurve == nil ? nil : result.best
    self.init(
      costs: CostHistory(
        epochs: result.epochs, finalCost: result.finalCost, costCurve: points(result.costCurve),
        validationCurve: best == nil ? nil : result.validationCurve.map(points),
        bestEpoch: best?.epoch, bestValidationCost: best?.validationCost, loss: spec.loss.name),
      stoppedEarly: best == nil ? nil : result.stoppedEarly, trainAccuracy: result.trainAccuracy,
      seconds: result.seconds, weights: result.weights, dataset: Dataset(data),
      validationDataset: validation.map(Dataset.init), settings: Settings(spec))
  }
}
