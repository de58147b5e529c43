import SIMDNet

/// Turns the manifest's JSON into `FixtureEntry`s, checking every key.
///
/// Each error is one line naming the manifest, the line and column of the
/// offending value, the fixture (by name once its name is known, by index
/// before) and the key, so that a user can fix the entry without reading
/// this code: `Fixtures/manifest.json:9:20: fixture orNeuron: "epochs" must
/// be a whole number, at least 1, not 50.5`.
struct ManifestParser {
  let path: String
  let root: String

  static let topLevelKeys = ["fixtures"]
  /// The keys every entry needs; `learning_rate` too, unless the
  /// optimizer is rprop, which has none.
  static let requiredKeys = [
    "name", "dataset", "layers", "activation", "loss", "optimizer", "epochs", "seed", "output",
  ]
  /// Every key in the order the documentation lists them.
  static let entryKeys =
    [
      "name", "description", "dataset", "format", "outputs", "label", "targets", "features",
      "scale", "layers", "activation",
      "output_activation", "loss", "optimizer", "batch_size",
    ] + Hyperparameter.allCases.map(\.key) + [
      "shuffle", "learning_rate", "epochs", "seed", "initial_weights", "output",
    ]

  func error(_ message: String, at value: JSONValue) -> ToolError {
    value.error(message, in: path)
  }

  func manifest(_ json: JSONValue) throws(ToolError) -> Manifest {
    guard case .object(let members) = json.kind else {
      throw error("expected a JSON object with \"fixtures\", a list of fixtures", at: json)
    }
    for member in members where !Self.topLevelKeys.contains(member.key) {
      throw error(
        "unknown key \(ToolError.quoted(member.key)); a manifest has only \"fixtures\"",
        at: member.value)
    }
    guard let list = json["fixtures"] else {
      throw error("missing \"fixtures\", the list of fixtures", at: json)
    }
    guard case .array(let elements) = list.kind else {
      throw error("\"fixtures\" must be an array of fixture objects", at: list)
    }
    guard !elements.isEmpty else { throw error("\"fixtures\" lists no fixtures", at: list) }

    var entries: [FixtureEntry] = []
    var names: [String: Int] = [:]
    var outputs: [String: Int] = [:]
    for (index, element) in elements.enumerated() {
      let entry = try self.entry(element, index: index)
      if let first = names[entry.name] {
        throw error(
          "fixture \(entry.name): duplicate name; fixtures[\(first)] (line "
            + "\(entries[first].line)) is also called \(entry.name)", at: element["name"]!)
      }
      let outputKey = Self.normalised(entry.output)
      if let first = outputs[outputKey] {
        throw error(
          "fixture \(entry.name): \"output\" \(ToolError.quoted(entry.output)) is also "
            + "fixture \(entries[first].name)'s output", at: element["output"]!)
      }
      names[entry.name] = index
      outputs[outputKey] = index
      entries.append(entry)
    }
    return Manifest(path: path, fixtures: entries)
  }

  /// A relative path with `.` components and repeated slashes removed, so
  /// that `Fixtures//A.swift` and `./Fixtures/A.swift` count as one output.
  static func normalised(_ path: String) -> String {
    path.split(separator: "/").filter { $0 != "." }.joined(separator: "/")
  }

  // MARK: - One entry

  func entry(_ json: JSONValue, index: Int) throws(ToolError) -> FixtureEntry {
    guard case .object(let members) = json.kind else {
      throw error("fixtures[\(index)] must be an object", at: json)
    }
    // The name first, so that every later message can say which fixture.
    var label = "fixtures[\(index)]"
    var name = ""
    if let value = json["name"] {
      guard case .string(let text) = value.kind else {
        throw error("\(label): \"name\" must be a string (the Swift constant's name)", at: value)
      }
      do {
        try SwiftIdentifier.validate(text)
      } catch {
        throw self.error("\(label): \"name\": \(error.message)", at: value)
      }
      name = text
      label = "fixture \(text)"
    }
    let reader = EntryReader(parser: self, label: label, entry: json)
    for member in members where !Self.entryKeys.contains(member.key) {
      throw error(
        "\(label): unknown key \(ToolError.quoted(member.key)); the keys are "
          + Self.entryKeys.joined(separator: ", "), at: member.value)
    }
    for key in Self.requiredKeys where json[key] == nil {
      throw error("\(label): missing \"\(key)\"", at: json)
    }

    let description = try reader.optional("description") { (v) throws(ToolError) in
      try reader.string(v, "description")
    }
    let dataset = try reader.relativePath("dataset")
    let format = try reader.optional("format") { (v) throws(ToolError) in
      let text = try reader.string(v, "format")
      guard let format = DatasetFormat(rawValue: text) else {
        throw reader.error(
          "\"format\" must be \"csv\" or \"fann\", not \(ToolError.quoted(text))", v)
      }
      return format
    }
    let outputs = try reader.optional("outputs") { (v) throws(ToolError) in
      try reader.integer(v, "outputs", atLeast: 1)
    }
    let columns = try reader.columns(format: format, outputs: outputs)
    let scale = try reader.optional("scale") { (v) throws(ToolError) in
      let text = try reader.string(v, "scale")
      guard let method = ScalingMethod(rawValue: text) else {
        throw reader.error(
          "unknown \"scale\" \(ToolError.quoted(text)); expected "
            + ScalingMethod.allCases.map(\.rawValue).listed("or"), v)
      }
      return method
    }
    let layers = try reader.layers()
    let activation = try reader.activation("activation")
    if layers.count > 2, let problem = activation.hiddenLayerProblem {
      throw reader.error(
        "\"activation\" \(ToolError.quoted(activation.name)): \(problem); give it as "
          + "\"output_activation\"", json["activation"]!)
    }
    let outputActivation =
      try reader.optional("output_activation") { (v) throws(ToolError) in
        try reader.activation(v, "output_activation")
      } ?? activation
    let loss = try reader.loss()
    let optimizer = try reader.optimizer()
    let batchSize = try reader.optional("batch_size") { (v) throws(ToolError) in
      try reader.integer(v, "batch_size", atLeast: 1)
    }
    // Required, like "learning_rate": a change of the command line's default
    // must not silently change a fixture.
    if optimizer.takesBatchSize && batchSize == nil {
      throw reader.error("the \(optimizer.rawValue) optimizer needs \"batch_size\"", json)
    }
    var hyperparameters: [Hyperparameter: Double] = [:]
    for parameter in Hyperparameter.allCases {
      hyperparameters[parameter] = try reader.optional(parameter.key) { (v) throws(ToolError) in
        try reader.number(v, parameter.key)
      }
    }
    let shuffle =
      try reader.optional("shuffle") { (v) throws(ToolError) in
        guard case .bool(let flag) = v.kind else {
          throw reader.error("\"shuffle\" must be true or false", v)
        }
        return flag
      } ?? false
    let learningRate = try reader.optional("learning_rate") { (v) throws(ToolError) in
      try reader.learningRate(v)
    }
    if optimizer != .rprop, learningRate == nil {
      throw reader.error("missing \"learning_rate\"", json)
    }
    let epochs = try reader.integer(json["epochs"]!, "epochs", atLeast: 1)
    let seed = try reader.seed()
    var spec = TrainingSpec(
      layers: layers, activation: activation, outputActivation: outputActivation, loss: loss,
      optimizer: optimizer, batchSize: batchSize, hyperparameters: hyperparameters,
      shuffle: shuffle, learningRate: learningRate, epochs: epochs, seed: seed)
    spec.initialWeights = try reader.optional("initial_weights") { (v) throws(ToolError) in
      try reader.initialWeights(v, layers: layers, activations: spec.layerActivations)
    }
    if let scale, let initial = spec.initialWeights,
      initial.inputScaling != nil || initial.outputScaling != nil
    {
      throw reader.error(
        "\"scale\" \(ToolError.quoted(scale.rawValue)): the \"initial_weights\" carry their "
          + "own scaling, which training on keeps; leave out \"scale\"", json["scale"]!)
    }
    let output = try reader.relativePath("output")
    guard output.hasSuffix(".swift") else {
      throw reader.error(
        "\"output\" must name a .swift file, not \(ToolError.quoted(output))", json["output"]!)
    }

    // The optimizer's rules, as `simdnet train` applies them, pointing at
    // the key to blame.
    if let problem = spec.optimizerProblem(naming: .manifestKeys) {
      throw reader.error(problem.message, json[problem.setting.key] ?? json)
    }
    // What the manifest's grammar cannot see, such as cross-entropy after
    // a ReLU output, in the training command's words.
    do {
      try spec.validate()
    } catch {
      throw reader.error(error.message, json)
    }
    return FixtureEntry(
      name: name, description: description, dataset: dataset, format: format, outputs: outputs,
      columns: columns, scale: scale, spec: spec, output: output, line: json.line)
  }
}

/// Reads the values of one entry, prefixing errors with the fixture.
private struct EntryReader {
  let parser: ManifestParser
  let label: String
  let entry: JSONValue

  func error(_ message: String, _ value: JSONValue) -> ToolError {
    parser.error("\(label): \(message)", at: value)
  }

  /// `read(value)` if the entry has `key`, else nil.
  func optional<T>(
    _ key: String, _ read: (JSONValue) throws(ToolError) -> T
  ) throws(ToolError) -> T? {
    guard let value = entry[key] else { return nil }
    return try read(value)
  }

  func string(_ value: JSONValue, _ key: String) throws(ToolError) -> String {
    guard case .string(let text) = value.kind else {
      throw error("\"\(key)\" must be a string", value)
    }
    return text
  }

  func integer(_ value: JSONValue, _ key: String, atLeast minimum: Int) throws(ToolError) -> Int {
    guard case .number(let text) = value.kind, let number = Int(text), number >= minimum else {
      throw error(
        "\"\(key)\" must be a whole number, at least \(minimum), not \(shown(value))", value)
    }
    return number
  }

  /// A path relative to the root, without `..`, so that it means the same
  /// file on every machine and stays inside the package.
  func relativePath(_ key: String) throws(ToolError) -> String {
    let value = entry[key]!
    let text = try string(value, key)
    guard !text.isEmpty else { throw error("\"\(key)\" is empty", value) }
    guard !text.hasPrefix("/") else {
      throw error(
        "\"\(key)\" must be relative to the package root, not absolute: "
          + ToolError.quoted(text), value)
    }
    guard !text.split(separator: "/").contains("..") else {
      throw error(
        "\"\(key)\" must stay inside the package root (no ..): \(ToolError.quoted(text))", value)
    }
    return text
  }

  /// `label`, `targets` and `features`, which read a CSV table by its
  /// header's names as `--label`, `--targets` and `--features` do; nil
  /// when the entry has none of them.
  func columns(format: DatasetFormat?, outputs: Int?) throws(ToolError) -> TableColumns? {
    let keys = ["label", "targets", "features"].filter { entry[$0] != nil }
    guard let first = keys.first.map({ entry[$0]! }) else { return nil }
    if let value = entry["outputs"], outputs != nil {
      throw error(
        "\"outputs\" counts the last columns of a numeric CSV file; with \"\(keys[0])\" the "
          + "columns are named instead", value)
    }
    if format == .fann {
      throw error("\"label\", \"targets\" and \"features\" read CSV tables, not FANN files", first)
    }
    let label = try optional("label") { (v) throws(ToolError) in try string(v, "label") }
    let targets = try optional("targets") { (v) throws(ToolError) in try names(v, "targets") }
    let features = try optional("features") { (v) throws(ToolError) in try names(v, "features") }
    switch (label, targets) {
    case (nil, nil):
      throw error("\"features\" picks a table's inputs; give \"label\" or \"targets\" too", first)
    case (.some, .some):
      throw error(
        "\"label\" and \"targets\" both name targets; give one (a label for classes, targets "
          + "for numbers)", entry["targets"]!)
    default: break
    }
    if let label, label.isEmpty { throw error("\"label\" is empty", entry["label"]!) }
    return TableColumns(label: label, targets: targets, features: features)
  }

  /// A non-empty array of distinct, non-empty column names.
  func names(_ value: JSONValue, _ key: String) throws(ToolError) -> [String] {
    guard case .array(let elements) = value.kind, !elements.isEmpty else {
      throw error("\"\(key)\" must be a non-empty array of column names", value)
    }
    var names: [String] = []
    for (k, element) in elements.enumerated() {
      guard case .string(let name) = element.kind, !name.isEmpty else {
        throw error("\(key)[\(k)] must be a column's name, not \(shown(element))", element)
      }
      guard !names.contains(name) else {
        throw error("\(key)[\(k)] names the column \(ToolError.quoted(name)) twice", element)
      }
      names.append(name)
    }
    return names
  }

  func layers() throws(ToolError) -> [Int] {
    let value = entry["layers"]!
    guard case .array(let elements) = value.kind else {
      throw error("\"layers\" must be an array of widths, inputs first, such as [2, 4, 1]", value)
    }
    var widths: [Int] = []
    for (l, element) in elements.enumerated() {
      guard case .number(let text) = element.kind, let width = Int(text), width >= 1 else {
        throw error(
          "layers[\(l)] must be a whole number of units, at least 1, not \(shown(element))",
          element)
      }
      widths.append(width)
    }
    if let problem = DynamicNetwork.shapeProblem(widths) {
      throw error("\"layers\": \(problem)", value)
    }
    return widths
  }

  func activation(_ key: String) throws(ToolError) -> Activation {
    try activation(entry[key]!, key)
  }

  func activation(_ value: JSONValue, _ key: String) throws(ToolError) -> Activation {
    let text = try string(value, key)
    guard let activation = Activation(name: text) else {
      throw error(
        "unknown \"\(key)\" \(ToolError.quoted(text)); expected \(Activation.namesForHelp)", value)
    }
    return activation
  }

  func loss() throws(ToolError) -> Loss {
    let value = entry["loss"]!
    let text = try string(value, "loss")
    guard let loss = Loss(name: text) else {
      throw error(
        "unknown \"loss\" \(ToolError.quoted(text)); expected half-squared or cross-entropy",
        value)
    }
    return loss
  }

  func optimizer() throws(ToolError) -> OptimizerName {
    let value = entry["optimizer"]!
    let text = try string(value, "optimizer")
    guard let optimizer = OptimizerName(rawValue: text) else {
      throw error(
        "unknown \"optimizer\" \(ToolError.quoted(text)); expected "
          + OptimizerName.allCases.map(\.rawValue).listed("or"), value)
    }
    return optimizer
  }

  func learningRate(_ value: JSONValue) throws(ToolError) -> Double {
    guard case .number(let text) = value.kind, let rate = Double(text), rate.isFinite, rate > 0
    else {
      throw error("\"learning_rate\" must be a positive number, not \(shown(value))", value)
    }
    return rate
  }

  /// A number; its range is the spec's to check (`optimizerProblem`).
  func number(_ value: JSONValue, _ key: String) throws(ToolError) -> Double {
    guard case .number(let text) = value.kind, let number = Double(text) else {
      throw error("\"\(key)\" must be a number, not \(shown(value))", value)
    }
    return number
  }

  func seed() throws(ToolError) -> UInt64 {
    let value = entry["seed"]!
    guard case .number(let text) = value.kind, let seed = UInt64(text) else {
      throw error(
        "\"seed\" must be a whole number from 0 to \(UInt64.max), not \(shown(value))", value)
    }
    return seed
  }

  /// A weights-file object, or the path of a weights file relative to the
  /// root; either must have the entry's layers and activations.
  func initialWeights(
    _ value: JSONValue, layers: [Int], activations: [Activation]
  ) throws(ToolError) -> WeightsFile {
    let weights: WeightsFile
    switch value.kind {
    case .object:
      do {
        weights = try WeightsFile(json: value, path: parser.path)
      } catch {
        // The weights reader names the line of the bad value; keep it.
        throw ToolError(
          "\(label): \"initial_weights\": \(error.message)", file: parser.path,
          line: error.line ?? value.line, column: error.line == nil ? value.column : error.column)
      }
    case .string:
      let file = try relativePath("initial_weights")
      let path = parser.root == "." ? file : parser.root + "/" + file
      do {
        weights = try WeightsFile.load(path: path)
      } catch {
        throw self.error("\"initial_weights\": \(error.description)", value)
      }
    default:
      throw error(
        "\"initial_weights\" must be a weights-file object or the path of a weights file", value)
    }
    guard weights.layers == layers else {
      throw error(
        "\"initial_weights\" are for a \(weights.shapeDescription) network, but \"layers\" is "
          + layers.map(String.init).joined(separator: "-"), value)
    }
    guard weights.activations == activations else {
      throw error(
        "\"initial_weights\" have activations "
          + weights.activations.map(\.name).joined(separator: ", ")
          + ", but the entry asks for " + activations.map(\.name).joined(separator: ", "), value)
    }
    return weights
  }

  /// A JSON value as a short piece of text for "not …".
  func shown(_ value: JSONValue) -> String {
    switch value.kind {
    case .null: "null"
    case .bool(let flag): flag ? "true" : "false"
    case .number(let text): text
    case .string(let text): ToolError.quoted(text)
    case .array: "an array"
    case .object: "an object"
    }
  }
}
