import SIMDNet

/// Everything that decides the weights a training run produces, apart from
/// the data: the same spec on the same data gives the same bits on every
/// machine and build (see `TrainingRun`).
///
/// Both `simdnet train` and the fixture manifest describe a run with one of
/// these, so that a fixture can be reproduced from the command line.
public struct TrainingSpec: Sendable, Equatable {
  /// Units per layer, inputs first, e.g. `[2, 4, 1]`: at most two hidden
  /// layers, like the kernel's `Layer`, `MLP1` and `MLP2`.
  public var layers: [Int]
  /// The activation of every hidden layer.
  public var activation: Activation
  /// The activation of the output layer.
  public var outputActivation: Activation
  public var loss: Loss
  public var optimizer: Optimizer
  /// Examples per update with `.minibatch`; ignored otherwise.
  public var batchSize: Int
  /// Whether each epoch visits the examples in a new order drawn from
  /// `shuffleSeed`; without it, file order.
  public var shuffle: Bool
  /// `α` in `w = w − α·∂Cost/∂w`.
  public var learningRate: Double
  public var epochs: Int
  /// Seeds the random initial weights (`MersenneTwister(seed: seed)`) and,
  /// through `shuffleSeed`, the shuffling.
  public var seed: UInt64
  /// Weights to start from instead of random ones; their shape and
  /// activations must be this spec's.
  public var initialWeights: WeightsFile?

  /// A spec with the command line's defaults: sigmoid everywhere, half
  /// squared error, batch descent, no shuffling, `α = 0.7`, 1000 epochs,
  /// seed 1, Xavier initialisation. `outputActivation` defaults to
  /// `activation`.
  public init(
    layers: [Int], activation: Activation = .sigmoid, outputActivation: Activation? = nil,
    loss: Loss = .halfSquaredError, optimizer: Optimizer = .batch, batchSize: Int = 32,
    shuffle: Bool = false, learningRate: Double = 0.7, epochs: Int = 1000, seed: UInt64 = 1,
    initialWeights: WeightsFile? = nil
  ) {
    self.layers = layers
    self.activation = activation
    self.outputActivation = outputActivation ?? activation
    self.loss = loss
    self.optimizer = optimizer
    self.batchSize = batchSize
    self.shuffle = shuffle
    self.learningRate = learningRate
    self.epochs = epochs
    self.seed = seed
    self.initialWeights = initialWeights
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

  /// The kernel's gradient descent for this spec.
  public var descent: GradientDescent { optimizer.descent(batchSize: batchSize) }

  /// Throws the first thing that makes this spec impossible to run, in the
  /// command line's words: bad layer widths, a non-positive or non-finite
  /// learning rate, negative epochs, a batch size below 1, cross-entropy
  /// after an output that is not a sigmoid, or initial weights of another
  /// shape or other activations. The data is checked by `TrainingRun`.
  public func validate() throws(ToolError) {
    _ = try ToolNetwork(layers: layers, activations: layerActivations)
    guard learningRate.isFinite, learningRate > 0 else {
      throw ToolError("the learning rate must be a positive finite number, not \(learningRate)")
    }
    guard epochs >= 0 else {
      throw ToolError("the number of epochs cannot be negative (\(epochs))")
    }
    if optimizer == .minibatch, batchSize < 1 {
      throw ToolError("a mini-batch needs at least 1 example, not \(batchSize)")
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
  /// `simdnet train --export` or a fixture.
  public func provenance(dataset data: DatasetFile, finalCost: Double?) -> Provenance {
    var hyperparameters = [
      Provenance.Hyperparameter("learning rate", learningRate.description),
      Provenance.Hyperparameter("epochs", String(epochs)),
    ]
    if optimizer == .minibatch {
      hyperparameters.append(.init("batch size", String(batchSize)))
    }
    hyperparameters.append(
      .init("shuffle", shuffle ? "yes (seed + 1)" : "no (file order)"))
    if let initial = initialWeights {
      hyperparameters.append(
        .init("initial weights", "given, sha256 \(SHA256.hexDigest(Array(initial.jsonText.utf8)))"))
    } else {
      hyperparameters.append(.init("initial weights", "xavier (seed)"))
    }
    return Provenance(
      dataset: data.path, datasetSHA256: data.sha256, loss: loss.name,
      optimizer: optimizer.rawValue, hyperparameters: hyperparameters, seed: seed,
      finalCost: finalCost)
  }
}
