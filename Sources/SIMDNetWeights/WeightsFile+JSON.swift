import SIMDNet

extension WeightsFile {
  /// Reads a weights file; errors name the file, line and column and, for
  /// a wrong shape, the layer and unit. A shape beyond the tool's limits
  /// (`DynamicNetwork.shapeProblem`) is refused here, naming the file.
  public static func load(path: String) throws(ToolError) -> WeightsFile {
    try WeightsFile(json: JSONValue.parse(FileReader.bytes(atPath: path), path: path), path: path)
  }

  /// Reads the weights-file object `json` (from a weights file, or embedded
  /// in a training report); `path` names the file in errors.
  public init(json: JSONValue, path: String) throws(ToolError) {
    let reader = SchemaReader(path: path)
    guard case .object(let members) = json.kind else {
      throw reader.error(
        "expected a JSON object with \"layers\", \"activations\", \"weights\" and \"biases\"",
        at: json)
    }
    let keys = ["layers", "activations", "weights", "biases"]
    for member in members where !(keys + Self.tableKeys).contains(member.key) {
      throw reader.error(
        "unknown key \(ToolError.quoted(member.key)); a weights file has "
          + "\"layers\", \"activations\", \"weights\" and \"biases\", and may have "
          + Self.tableKeys.map { "\"\($0)\"" }.joined(separator: ", "), at: member.value)
    }
    var fields: [String: JSONValue] = [:]
    for key in keys {
      guard let value = json[key] else { throw reader.error("missing \"\(key)\"", at: json) }
      fields[key] = value
    }

    let layerValues = try reader.array(fields["layers"]!, "layers")
    var layers: [Int] = []
    for (l, value) in layerValues.enumerated() {
      guard case .number(let text) = value.kind, let width = Int(text), width >= 1 else {
        throw reader.error("layers[\(l)] must be a whole number of units, at least 1", at: value)
      }
      layers.append(width)
    }
    guard layers.count >= 2 else {
      throw reader.error(
        "\"layers\" needs at least 2 entries (inputs and outputs), found \(layers.count)",
        at: fields["layers"]!)
    }
    // The tool's limits before anything is read by these widths, and here,
    // where the error can name the file.
    if let problem = DynamicNetwork.shapeProblem(layers) {
      throw reader.error("\"layers\": \(problem)", at: fields["layers"]!)
    }
    let connections = layers.count - 1

    let activationValues = try reader.array(
      fields["activations"]!, "activations", count: connections,
      why: "one per layer after the inputs")
    var activations: [Activation] = []
    for (l, value) in activationValues.enumerated() {
      guard case .string(let name) = value.kind, let activation = Activation(name: name) else {
        let problem =
          if case .string(let name) = value.kind {
            "unknown activation \(ToolError.quoted(name))"
          } else {
            "must be a string"
          }
        throw reader.error(
          "activations[\(l)]: \(problem); expected \(Activation.namesForHelp)", at: value)
      }
      if l < connections - 1, let problem = activation.hiddenLayerProblem {
        throw reader.error("activations[\(l)]: \(problem) (layer \(l + 1) is hidden)", at: value)
      }
      activations.append(activation)
    }

    let matrices = try reader.array(
      fields["weights"]!, "weights", count: connections,
      why: "one matrix per layer after the inputs"
    )
    let vectors = try reader.array(
      fields["biases"]!, "biases", count: connections, why: "one vector per layer after the inputs")
    var weights: [[[Double]]] = []
    var biases: [[Double]] = []
    for l in 0..<connections {
      let unitsWhy = "layer \(l + 1) has \(ToolError.count(layers[l + 1], "unit"))"
      let rows = try reader.array(
        matrices[l], "weights[\(l)]", count: layers[l + 1], noun: "row", why: unitsWhy)
      var matrix: [[Double]] = []
      for (j, row) in rows.enumerated() {
        let values = try reader.array(
          row, "weights[\(l)][\(j)] (unit \(j) of layer \(l + 1))", count: layers[l],
          noun: "weight", why: "layer \(l) has \(ToolError.count(layers[l], "unit"))")
        matrix.append(
          try values.enumerated().map { (i, value) throws(ToolError) in
            try reader.double(value, "weights[\(l)][\(j)][\(i)]")
          })
      }
      weights.append(matrix)
      let values = try reader.array(
        vectors[l], "biases[\(l)]", count: layers[l + 1], noun: "value", why: unitsWhy)
      biases.append(
        try values.enumerated().map { (j, value) throws(ToolError) in
          try reader.double(value, "biases[\(l)][\(j)]")
        })
    }
    do {
      try self.init(layers: layers, activations: activations, weights: weights, biases: biases)
    } catch {
      throw ToolError(error.message, file: path)
    }
    try readTableMembers(json, path: path)
  }

  /// The weights-file object, for a file or for embedding in a report.
  public var json: JSONValue {
    .object(
      [
        JSONMember("layers", .array(layers.map { .number($0) })),
        JSONMember("activations", .array(activations.map { .string($0.name) })),
        JSONMember(
          "weights", .array(weights.map { .array($0.map { .array($0.map { .number($0) }) }) })),
        JSONMember("biases", .array(biases.map { .array($0.map { .number($0) }) })),
      ] + tableMembers)
  }

  /// The file's text: the same bytes for the same weights, one unit's
  /// weights per line, numbers in Swift's shortest round-trip form, ending
  /// in a newline.
  public var jsonText: String { json.rendered() + "\n" }

  /// Writes the weights file atomically: an existing file at `path` is
  /// replaced whole or, if anything fails, left as it was.
  public func save(to path: String) throws(ToolError) {
    try AtomicFile.write(jsonText, to: path)
  }
}

/// Reads the weights file's parts, naming file, line and column in errors.
private struct SchemaReader {
  let path: String

  func error(_ message: String, at value: JSONValue) -> ToolError {
    value.error(message, in: path)
  }

  func array(
    _ value: JSONValue, _ name: String, count: Int? = nil, noun: String = "entry",
    why: String = ""
  ) throws(ToolError) -> [JSONValue] {
    let quotedName = name.contains("[") ? name : "\"\(name)\""
    guard case .array(let elements) = value.kind else {
      throw error("\(quotedName) must be an array", at: value)
    }
    if let count, elements.count != count {
      let plural = noun == "entry" ? "entries" : noun + "s"
      throw error(
        "\(quotedName) has \(ToolError.count(elements.count, noun, plural)); expected \(count)"
          + (why.isEmpty ? "" : " (\(why))"), at: value)
    }
    return elements
  }

  func double(_ value: JSONValue, _ name: String) throws(ToolError) -> Double {
    try value.finiteDouble(name, in: path)
  }
}
