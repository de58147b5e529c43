/// Where a network's weights came from, for the header of an exported Swift
/// file, so that a reader can tell how to reproduce them.
///
/// The shape and activations are not here: they come from the weights
/// themselves, so the header cannot disagree with the code. Nothing here is
/// a time or an absolute path, so the same training gives the same file on
/// every machine. Fields left nil are not written.
public struct Provenance: Sendable, Equatable {
  /// The dataset as given (best relative to the package), and its SHA-256.
  public var dataset: String?
  public var datasetSHA256: String?
  /// `half-squared` or `cross-entropy`.
  public var loss: String?
  /// `batch`, `minibatch`, `sgd`, `momentum`, `rprop` or `adam`.
  public var optimizer: String?
  /// Everything else that decided the weights, in the order to print it:
  /// learning rate, epochs, batch size, the optimizer's own
  /// hyperparameters, shuffling, initialisation, early stopping, ….
  public var hyperparameters: [Hyperparameter]
  public var seed: UInt64?
  /// The cost of the final weights over the whole training set.
  public var finalCost: Double?
  public var toolVersion: String

  public struct Hyperparameter: Sendable, Equatable {
    public var name: String
    public var value: String
    public init(_ name: String, _ value: String) {
      self.name = name
      self.value = value
    }
  }

  public init(
    dataset: String? = nil, datasetSHA256: String? = nil, loss: String? = nil,
    optimizer: String? = nil, hyperparameters: [Hyperparameter] = [], seed: UInt64? = nil,
    finalCost: Double? = nil, toolVersion: String = SIMDNetTool.toolVersion
  ) {
    self.dataset = dataset
    self.datasetSHA256 = datasetSHA256
    self.loss = loss
    self.optimizer = optimizer
    self.hyperparameters = hyperparameters
    self.seed = seed
    self.finalCost = finalCost
    self.toolVersion = toolVersion
  }
}
