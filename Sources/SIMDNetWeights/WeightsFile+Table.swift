import SIMDNet

extension WeightsFile {
  /// These weights with the scaling and names of the table they were
  /// trained on; every one given replaces the current one (nil leaves it).
  /// Checks that each fits the network: one scaling entry and one name
  /// per input (or output), shifts finite, spreads finite and non-zero,
  /// names unique and not empty. Errors name the part.
  public func describing(
    inputScaling: FeatureScaling<[Double]>? = nil, outputScaling: FeatureScaling<[Double]>? = nil,
    features: [String]? = nil, targets: [String]? = nil, classes: [String]? = nil
  ) throws(ToolError) -> WeightsFile {
    var file = self
    let (inputs, outputs) = (layers[0], layers[layers.count - 1])
    if let inputScaling {
      try Self.check(inputScaling, "inputScaling", width: inputs, of: "input")
      file.inputScaling = inputScaling
    }
    if let outputScaling {
      try Self.check(outputScaling, "outputScaling", width: outputs, of: "output")
      file.outputScaling = outputScaling
    }
    if let features {
      try Self.check(features, "features", width: inputs, of: "input")
      file.features = features
    }
    if let targets {
      try Self.check(targets, "targets", width: outputs, of: "output")
      file.targets = targets
    }
    if let classes {
      try Self.check(classes, "classes", width: outputs, of: "output")
      file.classes = classes
    }
    return file
  }

  /// The scaling's widths and values; `name` is its key in the file.
  static func check(
    _ scaling: FeatureScaling<[Double]>, _ name: String, width: Int, of unit: String
  ) throws(ToolError) {
    for (part, values) in [("shift", scaling.shift), ("spread", scaling.spread)] {
      guard values.count == width else {
        throw ToolError(
          "\"\(name)\".\(part) has \(ToolError.count(values.count, "value")); the network has "
            + ToolError.count(width, unit))
      }
      for (i, value) in values.enumerated()
      where !value.isFinite || (part == "spread" && value == 0) {
        throw ToolError(
          "\"\(name)\".\(part)[\(i)] is \(value); "
            + (part == "spread" ? "a spread must be finite and not zero" : "must be finite"))
      }
    }
  }

  /// One unique, non-empty name per input or output.
  static func check(_ names: [String], _ name: String, width: Int, of unit: String)
    throws(ToolError)
  {
    guard names.count == width else {
      throw ToolError(
        "\"\(name)\" has \(ToolError.count(names.count, "name")); the network has "
          + ToolError.count(width, unit))
    }
    for (i, text) in names.enumerated() {
      if text.isEmpty { throw ToolError("\"\(name)\"[\(i)] is empty") }
      if names[..<i].contains(text) {
        throw ToolError("\"\(name)\"[\(i)] repeats \(ToolError.quoted(text))")
      }
    }
  }

  /// The optional keys' JSON members, in a fixed order, for those present.
  var tableMembers: [JSONMember] {
    func scaling(_ s: FeatureScaling<[Double]>) -> JSONValue {
      .object([
        JSONMember("shift", .array(s.shift.map { .number($0) })),
        JSONMember("spread", .array(s.spread.map { .number($0) })),
      ])
    }
    var members: [JSONMember] = []
    if let features { members.append(JSONMember("features", .array(features.map { .string($0) }))) }
    if let targets { members.append(JSONMember("targets", .array(targets.map { .string($0) }))) }
    if let classes { members.append(JSONMember("classes", .array(classes.map { .string($0) }))) }
    if let inputScaling { members.append(JSONMember("inputScaling", scaling(inputScaling))) }
    if let outputScaling { members.append(JSONMember("outputScaling", scaling(outputScaling))) }
    return members
  }

  /// The keys `tableMembers` writes.
  static let tableKeys = ["features", "targets", "classes", "inputScaling", "outputScaling"]

  /// Reads the optional keys of `json`, the weights-file object, into
  /// `self`; errors name the file, line and column.
  mutating func readTableMembers(_ json: JSONValue, path: String) throws(ToolError) {
    func names(_ key: String) throws(ToolError) -> [String]? {
      guard let value = json[key] else { return nil }
      guard case .array(let elements) = value.kind else {
        throw value.error("\"\(key)\" must be an array of strings", in: path)
      }
      var result: [String] = []
      for element in elements {
        guard case .string(let text) = element.kind else {
          throw element.error("\"\(key)\" must be an array of strings", in: path)
        }
        result.append(text)
      }
      return result
    }
    func scaling(_ key: String) throws(ToolError) -> FeatureScaling<[Double]>? {
      guard let value = json[key] else { return nil }
      guard case .object(let members) = value.kind else {
        throw value.error("\"\(key)\" must be an object with \"shift\" and \"spread\"", in: path)
      }
      for member in members where member.key != "shift" && member.key != "spread" {
        throw member.value.error(
          "unknown key \(ToolError.quoted(member.key)) in \"\(key)\"; it has \"shift\" and "
            + "\"spread\"", in: path)
      }
      var parts: [[Double]] = []
      for part in ["shift", "spread"] {
        guard let array = value[part], case .array(let elements) = array.kind else {
          throw value.error("\"\(key)\" needs \"\(part)\", an array of numbers", in: path)
        }
        var numbers: [Double] = []
        for (i, element) in elements.enumerated() {
          numbers.append(try element.finiteDouble("\(key).\(part)[\(i)]", in: path))
        }
        parts.append(numbers)
      }
      return FeatureScaling(shift: parts[0], spread: parts[1])
    }
    let parts = (
      try scaling("inputScaling"), try scaling("outputScaling"), try names("features"),
      try names("targets"), try names("classes")
    )
    do {
      self = try describing(
        inputScaling: parts.0, outputScaling: parts.1, features: parts.2, targets: parts.3,
        classes: parts.4)
    } catch {
      let key = Self.tableKeys.first { error.message.hasPrefix("\"\($0)\"") }
      if let key, let value = json[key] { throw value.error(error.message, in: path) }
      throw ToolError(error.message, file: path)
    }
  }
}
