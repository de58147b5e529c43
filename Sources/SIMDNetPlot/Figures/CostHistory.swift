/// What the cost panel draws: the cost over the epochs of a training run
/// and, when the run had validation data, the validation cost and the
/// epoch where it was lowest.
public struct CostHistory: Sendable, Equatable {
  /// One point of a cost curve.
  public struct Point: Sendable, Equatable {
    public var epoch: Int
    public var cost: Double

    public init(epoch: Int, cost: Double) {
      self.epoch = epoch
      self.cost = cost
    }
  }

  /// The number of epochs trained.
  public var epochs: Int
  /// The cost of the final weights, marked at `epochs`.
  public var finalCost: Double
  /// At least one point, epochs strictly increasing; epoch 0 is the
  /// initial weights.
  public var costCurve: [Point]
  /// The cost over the validation data, when there was some: at least one
  /// point, epochs strictly increasing.
  public var validationCurve: [Point]?
  /// The epoch with the lowest validation cost, and that cost, when known.
  public var bestEpoch: Int?
  public var bestValidationCost: Double?
  /// The loss's name, when known: it says what the cost axis measures.
  public var loss: String?

  public init(
    epochs: Int, finalCost: Double, costCurve: [Point], validationCurve: [Point]? = nil,
    bestEpoch: Int? = nil, bestValidationCost: Double? = nil, loss: String? = nil
  ) {
    self.epochs = epochs
    self.finalCost = finalCost
    self.costCurve = costCurve
    self.validationCurve = validationCurve
    self.bestEpoch = bestEpoch
    self.bestValidationCost = bestValidationCost
    self.loss = loss
  }
}
