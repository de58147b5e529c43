import SIMDNet

/// Writes a network's weights as Swift source: one public constant of the
/// kernel's own type, which a program that imports SIMDNet compiles in and
/// runs with no parsing at start-up.
///
/// The constant's type follows the number of hidden layers: none →
/// `Layer<I, O>`, one → `MLP1<I, H, O>`, two → `MLP2<I, H1, H2, O>`. The
/// kernel names no deeper shapes, so beyond two the `Stack`s are nested as
/// `MLP2` nests them, on the right, and the type is spelled out in full —
/// three hidden layers are
/// `Stack<Layer<I, H1>, Stack<Layer<H1, H2>, Stack<Layer<H2, H3>, Layer<H3, O>>>>`
/// — so that each `Stack<` of the type matches a `Stack(` of the value and
/// the reader needs no typealias to see the shape. Every parameter reads
/// back to the same bits, and the same input gives the same bytes.
///
/// Numbers are written as Swift's shortest round-trip decimal
/// (`description`), which swiftc rounds correctly back to the same double
/// and which a person can read; `-0.0` stays `-0.0`. Hexadecimal literals
/// would be exact too, but unreadable, and gain nothing: the compile test
/// checks that the decimals come back bit for bit.
///
/// Subnormals are the exception. swiftc 6.3 warns that a subnormal literal
/// "underflows and loses precision" whenever its significand has more than
/// one bit set, decimal or hexadecimal, even though the bits come out
/// right; a generated file must compile without warnings, so subnormals are
/// written as `Double(bitPattern: 0x000f_ffff_ffff_ffff)`, exact and quiet.
public enum SwiftExport {
  /// The source of a file declaring `name` as the network in `weights`.
  public static func source(
    for weights: WeightsFile, name: String, provenance: Provenance
  ) throws(ToolError) -> String {
    try SwiftIdentifier.validate(name)
    var lines = header(for: weights, provenance: provenance)
    lines.append("")
    lines.append("import SIMDNet")
    lines.append("")
    lines.append(
      "/// A \(weights.shapeDescription) network (\(activationSummary(weights)))"
        + (isScaled(weights) ? ", taking raw features." : "."))
    let value = constantValue(weights)
    lines.append("public let \(name): \(constantType(weights)) = " + value[0])
    lines += value.dropFirst()
    if let classes = weights.classes {
      lines.append("")
      lines.append("/// The class each output of `\(name)` stands for, in output order:")
      lines.append("/// `\(name).classify(x).map { \(name)Classes[$0] }` names the class of `x`.")
      lines.append(
        "public let \(name)Classes: [String] = ["
          + classes.map(stringLiteral).joined(separator: ", ")
          + "]")
    }
    if let features = weights.features {
      lines.append("")
      lines.append("/// The table columns `\(name)` takes, in input order.")
      lines.append(
        "public let \(name)Features: [String] = ["
          + features.map(stringLiteral).joined(separator: ", ") + "]")
    }
    if let lossName = provenance.loss, let loss = Loss(name: lossName) {
      // The loss travels with the weights, so that a program that keeps
      // the network learning (the daemon) reads it rather than guessing.
      lines.append("")
      lines.append("/// The loss `\(name)` was trained with.")
      lines.append("public let \(name)Loss: Loss = .\(loss)")
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// Writes the source to `path` atomically.
  public static func write(
    _ weights: WeightsFile, name: String, provenance: Provenance, to path: String
  ) throws(ToolError) {
    try AtomicFile.write(source(for: weights, name: name, provenance: provenance), to: path)
  }

  /// A double as a Swift expression that compiles to the same bits, with
  /// no warning.
  public static func literal(_ value: Double) -> String {
    precondition(value.isFinite, "Swift has no literal for \(value)")
    guard value.isSubnormal else { return value.description }
    let hex = String(value.bitPattern, radix: 16)
    let digits = Array(String(repeating: "0", count: 16 - hex.count) + hex)
    let groups = stride(from: 0, to: 16, by: 4).map { String(digits[$0..<$0 + 4]) }
    return "Double(bitPattern: 0x" + groups.joined(separator: "_") + ")"
  }

  /// Whether the network carries a scaling, and so is exported as a
  /// `ScaledNetwork`.
  static func isScaled(_ weights: WeightsFile) -> Bool {
    weights.inputScaling != nil || weights.outputScaling != nil
  }

  /// The constant's type: the network's, or a `ScaledNetwork` of it.
  static func constantType(_ weights: WeightsFile) -> String {
    isScaled(weights) ? "ScaledNetwork<\(typeName(weights.layers))>" : typeName(weights.layers)
  }

  /// The constant's value: the network, or a `ScaledNetwork(` of it and its
  /// scaling (an input scaling of shift 0 and spread 1, which changes no
  /// bit, when only the outputs were scaled).
  static func constantValue(_ weights: WeightsFile) -> [String] {
    guard isScaled(weights) else { return network(weights, from: 0) }
    func scaling(_ s: FeatureScaling<[Double]>) -> String {
      "FeatureScaling(shift: [" + s.shift.map(literal).joined(separator: ", ") + "], spread: ["
        + s.spread.map(literal).joined(separator: ", ") + "])"
    }
    let inputs = weights.layers[0]
    let input =
      weights.inputScaling
      ?? FeatureScaling(
        shift: [Double](repeating: 0, count: inputs), spread: [Double](repeating: 1, count: inputs))
    var lines = ["ScaledNetwork("] + indented(network(weights, from: 0), last: false)
    lines.append("  inputScaling: " + scaling(input) + (weights.outputScaling == nil ? "" : ","))
    if let output = weights.outputScaling { lines.append("  outputScaling: " + scaling(output)) }
    lines.append(")")
    return lines
  }

  /// `text` as a Swift string literal: `\\` and `\"` escaped, control
  /// characters as `\u{…}`.
  static func stringLiteral(_ text: String) -> String {
    var result = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\\": result += "\\\\"
      case "\"": result += "\\\""
      case _
      where scalar.value < 0x20 || scalar.value == 0x7F || (0x80..<0xA0).contains(scalar.value):
        result += "\\u{" + String(scalar.value, radix: 16) + "}"
      default: result.unicodeScalars.append(scalar)
      }
    }
    return result + "\""
  }

  /// The constant's type: the kernel's name for up to two hidden layers,
  /// the nested `Stack`s spelled out beyond (see the type's comment).
  static func typeName(_ widths: [Int]) -> String {
    let list = widths.map(String.init).joined(separator: ", ")
    switch widths.count {
    case 2: return "Layer<\(list)>"
    case 3: return "MLP1<\(list)>"
    case 4: return "MLP2<\(list)>"
    default: return stackType(widths[...])
    }
  }

  /// `Layer<w0, w1>` for two widths; otherwise a `Stack` of that layer on
  /// the type of the rest, nested on the right as `MLP2` is.
  private static func stackType(_ widths: ArraySlice<Int>) -> String {
    let first = widths.startIndex
    let layer = "Layer<\(widths[first]), \(widths[first + 1])>"
    return widths.count == 2 ? layer : "Stack<\(layer), \(stackType(widths.dropFirst()))>"
  }

  /// The value of the layers from layer `l` up: the last layer alone, or a
  /// `Stack(` of layer `l` and the rest, nested on the right as `MLP2` is.
  static func network(_ weights: WeightsFile, from l: Int) -> [String] {
    guard l + 2 < weights.layers.count else { return layer(weights, l) }
    return ["Stack("] + indented(layer(weights, l), last: false)
      + indented(network(weights, from: l + 1), last: true) + [")"]
  }

  /// `Layer<I, O>(` … `)` for the weights from layer `l` to layer `l + 1`.
  private static func layer(_ weights: WeightsFile, _ l: Int) -> [String] {
    var lines = ["Layer<\(weights.layers[l]), \(weights.layers[l + 1])>("]
    lines.append("  weights: [")
    for row in weights.weights[l] {
      lines.append("    [" + row.map(literal).joined(separator: ", ") + "],")
    }
    lines.append("  ],")
    lines.append("  biases: [" + weights.biases[l].map(literal).joined(separator: ", ") + "],")
    lines.append("  activation: .\(caseName(weights.activations[l]))")
    lines.append(")")
    return lines
  }

  /// `lines` indented one level, as an argument followed by a comma unless
  /// it is the last.
  private static func indented(_ lines: [String], last: Bool) -> [String] {
    var result = lines.map { "  " + $0 }
    if !last { result[result.count - 1] += "," }
    return result
  }

  private static func caseName(_ activation: Activation) -> String {
    switch activation {
    case .sigmoid: "sigmoid"
    case .tableSigmoid: "tableSigmoid"
    case .tanh: "tanh"
    case .relu: "relu"
    case .linear: "linear"
    case .softmax: "softmax"
    }
  }

  static func activationSummary(_ weights: WeightsFile) -> String {
    weights.activations.map(\.name).joined(separator: ", ")
  }

  /// The provenance comment. `swift-format-ignore-file` keeps a formatter
  /// from rewrapping the file, which would make `fixtures check` report it
  /// stale.
  static func header(for weights: WeightsFile, provenance: Provenance) -> [String] {
    var lines = [
      "// swift-format-ignore-file",
      "//",
      "// Generated by simdnet \(oneLine(provenance.toolVersion)). Do not edit: regenerate it.",
      "//",
      "// shape:           \(weights.shapeDescription)",
      "// activations:     \(activationSummary(weights))",
    ]
    if let dataset = provenance.dataset { lines.append("// dataset:         \(oneLine(dataset))") }
    if let digest = provenance.datasetSHA256 {
      lines.append("// dataset sha256:  \(oneLine(digest))")
    }
    if let loss = provenance.loss { lines.append("// loss:            \(oneLine(loss))") }
    if let optimizer = provenance.optimizer {
      lines.append("// optimizer:       \(oneLine(optimizer))")
    }
    for parameter in provenance.hyperparameters {
      let label = oneLine(parameter.name) + ":"
      let padded =
        label.count < 17 ? label + String(repeating: " ", count: 17 - label.count) : label + " "
      lines.append("// \(padded)\(oneLine(parameter.value))")
    }
    if let seed = provenance.seed { lines.append("// seed:            \(seed)") }
    if let cost = provenance.finalCost { lines.append("// final cost:      \(cost)") }
    lines.append("//")
    lines.append("// weights[j][i] weighs input i into unit j of each layer.")
    return lines
  }

  /// Text for a `//` comment line: line breaks and other control
  /// characters escaped so that nothing can end the comment.
  static func oneLine(_ text: String) -> String {
    let quoted = ToolError.quoted(text, limit: .max)
    return quoted == "\"\(text)\"" ? text : quoted
  }
}
