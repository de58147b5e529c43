import SIMDNet

/// Everything that decides the weights a training run produces, apart from
/// the data: the same spec on the same data gives the same bits on every
/// machine and build (see `TrainingRun`).
///
/// Both `simdnet train` and the fixture manifest describe a run with one of
/// these, so that a fixture can be reproduced from the command line.
public struct TrainingSpec: Sendable, Equatable {
  /// Units per layer, inputs first, e.g. `[2, 4, 1]`, within
  /// `DynamicNetwork.shapeProblem`'s limits.
  public var layers: [Int]
  /// The activation of every hidden layer.
  public var activation: Activation
  /// The activation of the output layer.
  public var outputActivation: Activation
  public var loss: Loss
  public var optimizer: OptimizerName
  /// Examples per update, for the optimizers that take a batch size
  /// (`OptimizerName.takesBatchSize`); nil: `defaultMiniBatchSize`.
  public var batchSize: Int?
  /// The optimizer's hyperparameters that were given; the others are
  /// their defaults (`value(of:)`).
  public var hyperparameters: [Hyperparameter: Double]
  /// Whether each epoch visits the examples in a new order drawn from
  /// `shuffleSeed`; without it, file order.
  public var shuffle: Bool
  /// `α`, as given; nil: the optimizer's default
  /// (`OptimizerName.defaultLearningRate`). rprop has none, so it must be
  /// nil there (see `effectiveLearningRate`).
  public var learningRate: Double?
  /// The most epochs to run; fewer when early stopping ends the run.
  public var epochs: Int
  /// Seeds the random initial weights (`MersenneTwister(seed: seed)`) and,
  /// through `shuffleSeed`, the shuffling.
  public var seed: UInt64
  /// Weights to start from instead of random ones; their shape and
  /// activations must be this spec's.
  public var initialWeights: WeightsFile?
  /// Early stopping: end the run once this many epochs in a row have not
  /// lowered the validation cost below the lowest so far, and keep the
  /// weights that had the lowest. Needs validation data (`TrainingRun`);
  /// nil: run every epoch and keep the last weights.
  public var patience: Int?

  /// A spec with the command line's defaults: sigmoid everywhere, half
  /// squared error, batch descent at the optimizer's default learning
  /// rate, no shuffling, 1000 epochs, seed 1, Xavier initialisation, no
  /// early stopping. `outputActivation` defaults to `activation`.
  public init(
    layers: [Int], activation: Activation = .sigmoid, outputActivation: Activation? = nil,
    loss: Loss = .halfSquaredError, optimizer: OptimizerName = .batch, batchSize: Int? = nil,
    hyperparameters: [Hyperparameter: Double] = [:], shuffle: Bool = false,
    learningRate: Double? = nil, epochs: Int = 1000, seed: UInt64 = 1,
    initialWeights: WeightsFile? = nil, patience: Int? = nil
  ) {
    self.layers = layers
    self.activation = activation
    self.outputActivation = outputActivation ?? activation
    self.loss = loss
    self.optimizer = optimizer
    self.batchSize = batchSize
    self.hyperparameters = hyperparameters
    self.shuffle = shuffle
    self.learningRate = learningRate
    self.epochs = epochs
    self.seed = seed
    self.initialWeights = initialWeights
    self.patience = patience
  }

  /// One activation per layer after the inputs, as a weights file lists
  /// them.
  public var layerActivations: [Activation] {
    Array(repeating: activation, count: max(0, layers.count - 2)) + [outputActivation]
  }

  /// The seed of the shuffling generator: `seed + 1` (wrapping), a stream
  /// separate from the initial weights' so that switching `--shuffle` on or
  /// off, or starting from `--init` weights, leaves the other unchanged.
  public var shuffleSeed: UInt64 { seed &+ 1 }

  /// Throws the first thing that makes this spec impossible to run, in the
  /// command line's words: bad layer widths, an optimizer setting that does
  /// not apply or is out of range (`optimizerProblem`), a non-positive or
  /// non-finite learning rate, negative epochs, a batch size or patience
  /// below 1, softmax in the hidden layers, cross-entropy after an output
  /// that is neither a sigmoid nor softmax, or
  /// initial weights of another shape or other activations. The data is
  /// checked by `TrainingRun`.
  public func validate() throws(ToolError) {
    if let problem = DynamicNetwork.shapeProblem(layers) { throw ToolError(problem) }
    if let problem = optimizerProblem(naming: .flags) { throw ToolError(problem.message) }
    if let rate = effectiveLearningRate, !(rate.isFinite && rate > 0) {
      throw ToolError("the learning rate must be a positive finite number, not \(rate)")
    }
    guard epochs >= 0 else {
      throw ToolError("the number of epochs cannot be negative (\(epochs))")
    }
    if let batchSize, batchSize < 1 {
      throw ToolError("a mini-batch needs at least 1 example, not \(batchSize)")
    }
    if let patience, patience < 1 {
      throw ToolError("--patience must be at least 1 epoch, not \(patience)")
    }
    if layers.count > 2, let problem = activation.hiddenLayerProblem {
      throw ToolError(
        "--activation \(activation.name): \(problem), and this network has hidden layers; "
          + "give it as --output-activation")
    }
    try loss.validate(outputActivation: outputActivation)
    if let initial = initialWeights {
      guard initial.layers == layers else {
        throw ToolError(
          "the initial weights are for a \(initial.shapeDescription) network, but the layers "
            + "asked for are \(layers.map(String.init).joined(separator: "-"))")
      }
      guard initial.activations == layerActivations else {
        throw ToolError(
          "the initial weights have activations "
            + initial.activations.map(\.name).joined(separator: ", ")
            + ", but the activations asked for are "
            + layerActivations.map(\.name).joined(separator: ", "))
      }
    }
  }

  /// Where weights trained with this spec on `data` came from, for the
  /// header of an exported Swift file: the same fields whether the run was
  /// `simdnet train --export` or a fixture. With early stopping the
  /// validation data decided the weights too, so it is recorded, with the
  /// epoch whose weights were kept; without, it changed nothing and is
  /// left out.
  public func provenance(
    dataset data: DatasetFile, finalCost: Double?, validation: DatasetFile? = nil,
    bestEpoch: Int? = nil
  ) -> Provenance {
    var hyperparameters: [Provenance.Hyperparameter] = []
    if let rate = effectiveLearningRate {
      hyperparameters.append(.init("learning rate", rate.description))
    }
    hyperparameters.append(.init("epochs", String(epochs)))
    if let examples = effectiveBatchSize {
      hyperparameters.append(.init("batch size", String(examples)))
    }
    for parameter in optimizer.hyperparameters {
      hyperparameters.append(.init(parameter.label, value(of: parameter).description))
    }
    hyperparameters.append(
      .init("shuffle", shuffle ? "yes (seed + 1)" : "no (file order)"))
    if let initial = initialWeights {
      hyperparameters.append(
        .init("initial weights", "given, sha256 \(SHA256.hexDigest(Array(initial.jsonText.utf8)))"))
    } else {
      hyperparameters.append(.init("initial weights", "xavier (seed)"))
    }
    if let patience, let validation {
      hyperparameters += [
        .init("patience", String(patience)),
        .init("validation", validation.path),
        .init("validation sha256", validation.sha256),
      ]
      if let bestEpoch { hyperparameters.append(.init("best epoch", String(bestEpoch))) }
    }
    return Provenance(
      dataset: data.path, datasetSHA256: data.sha256, loss: loss.name,
      optimizer: optimizer.rawValue, hyperparameters: hyperparameters, seed: seed,
      finalCost: finalCost)
  }
}
