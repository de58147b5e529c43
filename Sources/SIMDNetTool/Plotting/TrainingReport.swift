import SIMDNet

/// The parts of a `simdnet train --report json` report that a plot draws.
///
/// The report is one JSON object with `epochs`, `final_cost`, `cost_curve`
/// (`[[epoch, cost], …]`, epoch 0 being the initial weights),
/// `train_accuracy`, `seconds` and `weights` (a weights-file object); with
/// `--validation`, also `validation_curve` (like `cost_curve`),
/// `best_epoch` and `best_validation_cost`. Keys this reader does not know
/// are ignored, so that later reports still plot; the keys it reads are
/// checked strictly (the optional ones when present and not null), and
/// every error names the file, line and column.
public struct TrainingReport: Sendable, Equatable {
  /// One point of the cost curve.
  public struct CostPoint: Sendable, Equatable {
    public var epoch: Int
    public var cost: Double

    public init(epoch: Int, cost: Double) {
      self.epoch = epoch
      self.cost = cost
    }
  }

  /// The number of epochs trained.
  public var epochs: Int
  /// The cost of the final weights over the whole training set.
  public var finalCost: Double
  /// At least one point, epochs strictly increasing.
  public var costCurve: [CostPoint]
  /// The fraction of training examples classified right, when reported.
  public var trainAccuracy: Double?
  /// The loss's name (`half-squared`, `cross-entropy`), when reported: it
  /// says what the cost axis measures.
  public var loss: String?
  public var weights: WeightsFile
  /// The cost over the validation data, when training had some: at least
  /// one point, epochs strictly increasing (the trainer writes the epochs
  /// of `costCurve`).
  public var validationCurve: [CostPoint]?
  /// The epoch with the lowest validation cost, and that cost, when
  /// reported.
  public var bestEpoch: Int?
  public var bestValidationCost: Double?

  public init(
    epochs: Int, finalCost: Double, costCurve: [CostPoint], trainAccuracy: Double? = nil,
    loss: String? = nil, weights: WeightsFile, validationCurve: [CostPoint]? = nil,
    bestEpoch: Int? = nil, bestValidationCost: Double? = nil
  ) {
    self.epochs = epochs
    self.finalCost = finalCost
    self.costCurve = costCurve
    self.trainAccuracy = trainAccuracy
    self.loss = loss
    self.weights = weights
    self.validationCurve = validationCurve
    self.bestEpoch = bestEpoch
    self.bestValidationCost = bestValidationCost
  }

  /// Reads the report at `path`.
  public static func load(path: String) throws(ToolError) -> TrainingReport {
    try TrainingReport(
      json: JSONValue.parse(FileReader.bytes(atPath: path), path: path), path: path)
  }

  /// Reads a parsed report; `path` names the file in errors.
  public init(json: JSONValue, path: String) throws(ToolError) {
    func error(_ message: String, at value: JSONValue) -> ToolError {
      value.error(message, in: path)
    }
    guard case .object = json.kind else {
      throw error(
        "expected a JSON object, the report `simdnet train --report json` prints", at: json)
    }
    func member(_ key: String) throws(ToolError) -> JSONValue {
      guard let value = json[key] else {
        throw error("missing \"\(key)\"; is this a `simdnet train --report json` report?", at: json)
      }
      return value
    }
    func wholeNumber(_ value: JSONValue, _ name: String) throws(ToolError) -> Int {
      guard case .number(let text) = value.kind, let number = Int(text), number >= 0 else {
        throw error("\(name) must be a whole number, at least 0", at: value)
      }
      return number
    }
    func finiteNumber(_ value: JSONValue, _ name: String) throws(ToolError) -> Double {
      try value.finiteDouble(name, in: path)
    }
    /// The member `key`, or nil when it is missing or null.
    func optionalMember(_ key: String) -> JSONValue? {
      guard let value = json[key], !isNull(value) else { return nil }
      return value
    }
    /// `[[epoch, cost], …]`: at least one pair, epochs strictly increasing.
    func curve(_ key: String, _ value: JSONValue, _ what: String) throws(ToolError) -> [CostPoint] {
      guard case .array(let entries) = value.kind else {
        throw error("\"\(key)\" must be an array of [epoch, cost] pairs", at: value)
      }
      guard !entries.isEmpty else {
        throw error("\"\(key)\" is empty; there is no \(what) to plot", at: value)
      }
      var points: [CostPoint] = []
      for (index, entry) in entries.enumerated() {
        let name = "\(key)[\(index)]"
        guard case .array(let pair) = entry.kind, pair.count == 2 else {
          throw error("\(name) must be an [epoch, cost] pair", at: entry)
        }
        let point = CostPoint(
          epoch: try wholeNumber(pair[0], "\(name)'s epoch"),
          cost: try finiteNumber(pair[1], "\(name)'s cost"))
        if let previous = points.last, point.epoch <= previous.epoch {
          throw error(
            "\(name): epoch \(point.epoch) comes after epoch \(previous.epoch); "
              + "epochs must increase", at: pair[0])
        }
        points.append(point)
      }
      return points
    }

    epochs = try wholeNumber(member("epochs"), "\"epochs\"")
    finalCost = try finiteNumber(member("final_cost"), "\"final_cost\"")
    costCurve = try curve("cost_curve", member("cost_curve"), "cost curve")
    validationCurve = try optionalMember("validation_curve").map {
      (value) throws(ToolError) in try curve("validation_curve", value, "validation curve")
    }
    bestEpoch = try optionalMember("best_epoch").map {
      (value) throws(ToolError) in try wholeNumber(value, "\"best_epoch\"")
    }
    bestValidationCost = try optionalMember("best_validation_cost").map {
      (value) throws(ToolError) in try finiteNumber(value, "\"best_validation_cost\"")
    }
    trainAccuracy = try optionalMember("train_accuracy").map {
      (value) throws(ToolError) in try finiteNumber(value, "\"train_accuracy\"")
    }

    if let value = json["loss"], case .string(let name) = value.kind {
      loss = name
    } else {
      loss = nil
    }

    let weightsValue = try member("weights")
    // A shape larger than the tool builds is refused there, at "layers".
    weights = try WeightsFile(json: weightsValue, path: path)
  }
}

private func isNull(_ value: JSONValue) -> Bool {
  if case .null = value.kind { return true }
  return false
}
