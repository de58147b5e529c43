import SIMDNet
import SIMDNetPlot

/// The report as JSON, written and read here: one object, its keys in a
/// fixed order — `epochs`, `final_cost`, `cost_curve` (`[[epoch, cost], …]`,
/// epoch 0 being the initial weights); with validation data
/// `validation_curve` (like `cost_curve`), `best_epoch`,
/// `best_validation_cost` and `stopped_early`; `train_accuracy`, `seconds`,
/// `weights` (a weights-file object); `dataset`, `dataset_sha256`,
/// `examples` and the same three for `validation_`; `loss`; then the
/// settings: `optimizer`, `batch_size`, the optimizer's hyperparameters by
/// their manifest keys, `shuffle`, `learning_rate`, `patience`, `seed`,
/// `initial_weights` (`xavier` or `given`). A key whose value the report
/// does not have is left out.
///
/// Reading: `epochs`, `final_cost`, `cost_curve` and `weights` are
/// required; the keys a plot draws are checked strictly (the optional ones
/// when present and not null), and every error names the file, line and
/// column. The rest — the datasets, the settings, `seconds`,
/// `stopped_early` — only records the run: each is read when present with
/// the type the trainer writes, and otherwise left out, as are keys this
/// reader does not know, so that later reports still plot.
extension TrainingReport {
  /// The report's JSON object.
  public var json: JSONValue {
    func curve(_ points: [CostHistory.Point]) -> JSONValue {
      .array(points.map { .array([.number($0.epoch), .number($0.cost)]) })
    }
    var members = [
      JSONMember("epochs", .number(costs.epochs)),
      JSONMember("final_cost", .number(costs.finalCost)),
      JSONMember("cost_curve", curve(costs.costCurve)),
    ]
    func add(_ key: String, _ value: JSONValue?) {
      if let value { members.append(JSONMember(key, value)) }
    }
    add("validation_curve", costs.validationCurve.map(curve))
    add("best_epoch", costs.bestEpoch.map(JSONValue.number))
    add("best_validation_cost", costs.bestValidationCost.map(JSONValue.number))
    add("stopped_early", stoppedEarly.map(JSONValue.bool))
    add("train_accuracy", trainAccuracy.map(JSONValue.number))
    add("seconds", seconds.map(JSONValue.number))
    add("weights", weights.json)
    for (prefix, dataset) in [("", dataset), ("validation_", validationDataset)] {
      guard let dataset else { continue }
      add(prefix + "dataset", .string(dataset.path))
      add(prefix + "dataset_sha256", .string(dataset.sha256))
      add(prefix + "examples", .number(dataset.examples))
    }
    add("loss", costs.loss.map(JSONValue.string))
    if let settings {
      add("optimizer", .string(settings.optimizer.rawValue))
      add("batch_size", settings.batchSize.map(JSONValue.number))
      for parameter in Hyperparameter.allCases {
        add(parameter.key, settings.hyperparameters[parameter].map(JSONValue.number))
      }
      add("shuffle", .bool(settings.shuffle))
      add("learning_rate", settings.learningRate.map(JSONValue.number))
      add("patience", settings.patience.map(JSONValue.number))
      add("seed", JSONValue(.number(String(settings.seed))))
      add("initial_weights", .string(settings.initialWeightsGiven ? "given" : "xavier"))
    }
    return .object(members)
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
    func curve(_ key: String, _ value: JSONValue, _ what: String) throws(ToolError) -> [CostHistory
      .Point]
    {
      guard case .array(let entries) = value.kind else {
        throw error("\"\(key)\" must be an array of [epoch, cost] pairs", at: value)
      }
      guard !entries.isEmpty else {
        throw error("\"\(key)\" is empty; there is no \(what) to plot", at: value)
      }
      var points: [CostHistory.Point] = []
      for (index, entry) in entries.enumerated() {
        let name = "\(key)[\(index)]"
        guard case .array(let pair) = entry.kind, pair.count == 2 else {
          throw error("\(name) must be an [epoch, cost] pair", at: entry)
        }
        let point = CostHistory.Point(
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

    let epochs = try wholeNumber(member("epochs"), "\"epochs\"")
    let finalCost = try finiteNumber(member("final_cost"), "\"final_cost\"")
    let costCurve = try curve("cost_curve", member("cost_curve"), "cost curve")
    let validationCurve = try optionalMember("validation_curve").map {
      (value) throws(ToolError) in try curve("validation_curve", value, "validation curve")
    }
    let bestEpoch = try optionalMember("best_epoch").map {
      (value) throws(ToolError) in try wholeNumber(value, "\"best_epoch\"")
    }
    let bestValidationCost = try optionalMember("best_validation_cost").map {
      (value) throws(ToolError) in try finiteNumber(value, "\"best_validation_cost\"")
    }
    trainAccuracy = try optionalMember("train_accuracy").map {
      (value) throws(ToolError) in try finiteNumber(value, "\"train_accuracy\"")
    }

    var loss: String?
    if let value = json["loss"], case .string(let name) = value.kind { loss = name }
    costs = CostHistory(
      epochs: epochs, finalCost: finalCost, costCurve: costCurve, validationCurve: validationCurve,
      bestEpoch: bestEpoch, bestValidationCost: bestValidationCost, loss: loss)

    let weightsValue = try member("weights")
    // A shape larger than the tool builds is refused there, at "layers".
    weights = try WeightsFile(json: weightsValue, path: path)

    // What records the run: read when it has the type the trainer writes.
    func string(_ key: String) -> String? {
      guard let value = json[key], case .string(let text) = value.kind else { return nil }
      return text
    }
    func bool(_ key: String) -> Bool? {
      guard let value = json[key], case .bool(let flag) = value.kind else { return nil }
      return flag
    }
    func number<T: LosslessStringConvertible>(_ key: String, as _: T.Type) -> T? {
      guard let value = json[key], case .number(let text) = value.kind else { return nil }
      return T(text)
    }
    func finite(_ key: String) -> Double? {
      number(key, as: Double.self).flatMap { $0.isFinite ? $0 : nil }
    }
    func datasetRecord(_ prefix: String) -> Dataset? {
      guard let path = string(prefix + "dataset"), let sha256 = string(prefix + "dataset_sha256"),
        let examples = number(prefix + "examples", as: Int.self)
      else { return nil }
      return Dataset(path: path, sha256: sha256, examples: examples)
    }
    stoppedEarly = bool("stopped_early")
    seconds = finite("seconds")
    dataset = datasetRecord("")
    validationDataset = datasetRecord("validation_")
    if let name = string("optimizer"), let optimizer = OptimizerName(rawValue: name),
      let shuffle = bool("shuffle"), let seed = number("seed", as: UInt64.self),
      let initial = string("initial_weights"), initial == "given" || initial == "xavier"
    {
      var hyperparameters: [Hyperparameter: Double] = [:]
      for parameter in Hyperparameter.allCases {
        hyperparameters[parameter] = finite(parameter.key)
      }
      settings = Settings(
        optimizer: optimizer, batchSize: number("batch_size", as: Int.self),
        hyperparameters: hyperparameters, shuffle: shuffle, learningRate: finite("learning_rate"),
        patience: number("patience", as: Int.self), seed: seed,
        initialWeightsGiven: initial == "given")
    } else {
      settings = nil
    }
  }
}

private func isNull(_ value: JSONValue) -> Bool {
  if case .null = value.kind { return true }
  return false
}
