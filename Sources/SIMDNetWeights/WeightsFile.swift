import SIMDNet

/// A network's shape, activations and parameters as the weights file holds
/// them (the format users rely on, as the README's section on the tool
/// describes it):
///
///     {"layers": [2, 2, 1], "activations": ["sigmoid", "sigmoid"],
///      "weights": [[[w, …], …], …], "biases": [[b, …], …]}
///
/// `weights[l][j][i]` weighs unit `i` of layer `l` into unit `j` of layer
/// `l + 1`, `biases[l][j]` is unit `j` of layer `l + 1`'s bias, and
/// `activations[l]` is layer `l + 1`'s activation. Layer 0 is the input.
///
/// A network trained from a table may carry more, each key optional
/// (`WeightsFile+Table.swift`): `"inputScaling"` and `"outputScaling"`
/// (`{"shift": […], "spread": […]}`), `"features"`, `"targets"` and
/// `"classes"` (arrays of names).
///
/// A value is always valid — consistent shapes, finite numbers — so that it
/// can always be written: the initialiser checks, and the properties are
/// read-only.
public struct WeightsFile: Sendable, Equatable {
  /// Units per layer, the inputs first: at least two entries, each ≥ 1.
  public let layers: [Int]
  public let activations: [Activation]
  public let weights: [[[Double]]]
  public let biases: [[Double]]
  /// The scaling of the raw features (one entry per input), applied inside
  /// prediction; nil: the network takes its inputs as they are.
  public internal(set) var inputScaling: FeatureScaling<[Double]>?
  /// The scaling of the targets (one entry per output), undone on every
  /// prediction; nil: outputs are as the network gives them.
  public internal(set) var outputScaling: FeatureScaling<[Double]>?
  /// The table columns the inputs were read from, in input order.
  public internal(set) var features: [String]?
  /// The table columns the outputs were trained on (regression).
  public internal(set) var targets: [String]?
  /// The class each output stands for (classification), in output order.
  public internal(set) var classes: [String]?

  /// Checks that the shapes agree with `layers` and that every number is
  /// finite; errors name the layer and unit.
  public init(
    layers: [Int], activations: [Activation], weights: [[[Double]]], biases: [[Double]]
  ) throws(ToolError) {
    guard layers.count >= 2 else {
      throw ToolError(
        "a network needs at least 2 layers (inputs and outputs), found \(layers.count)")
    }
    for (l, width) in layers.enumerated() where width < 1 {
      throw ToolError("layer \(l) has \(width) units; every layer needs at least 1")
    }
    let connections = layers.count - 1
    guard activations.count == connections else {
      throw ToolError(
        "\(ToolError.count(activations.count, "activation")) for \(layers.count) layers; "
          + "need \(connections)")
    }
    for (l, activation) in activations.dropLast().enumerated() {
      if let problem = activation.hiddenLayerProblem {
        throw ToolError("activations[\(l)]: \(problem) (layer \(l + 1) is hidden)")
      }
    }
    guard weights.count == connections else {
      throw ToolError(
        "\(ToolError.count(weights.count, "weight matrix", "weight matrices")) for "
          + "\(layers.count) layers; need \(connections)")
    }
    guard biases.count == connections else {
      throw ToolError(
        "\(ToolError.count(biases.count, "bias vector")) for \(layers.count) layers; "
          + "need \(connections)")
    }
    for l in 0..<connections {
      let (inputs, outputs) = (layers[l], layers[l + 1])
      guard weights[l].count == outputs else {
        throw ToolError(
          "weights[\(l)] has \(ToolError.count(weights[l].count, "row")); "
            + "layer \(l + 1) has \(ToolError.count(outputs, "unit"))")
      }
      guard biases[l].count == outputs else {
        throw ToolError(
          "biases[\(l)] has \(ToolError.count(biases[l].count, "value")); "
            + "layer \(l + 1) has \(ToolError.count(outputs, "unit"))")
      }
      for j in 0..<outputs {
        guard weights[l][j].count == inputs else {
          throw ToolError(
            "weights[\(l)][\(j)] (unit \(j) of layer \(l + 1)) has "
              + "\(ToolError.count(weights[l][j].count, "weight")); "
              + "layer \(l) has \(ToolError.count(inputs, "unit"))")
        }
        for i in 0..<inputs where !weights[l][j][i].isFinite {
          throw ToolError(
            "weights[\(l)][\(j)][\(i)] (unit \(j) of layer \(l + 1), from unit \(i)) is "
              + "\(weights[l][j][i]); weights must be finite")
        }
        guard biases[l][j].isFinite else {
          throw ToolError(
            "biases[\(l)][\(j)] (unit \(j) of layer \(l + 1)) is \(biases[l][j]); "
              + "biases must be finite")
        }
      }
    }
    self.layers = layers
    self.activations = activations
    self.weights = weights
    self.biases = biases
  }

  /// The shape as the command line writes it: `2-2-1`.
  public var shapeDescription: String { layers.map(String.init).joined(separator: "-") }

  /// Every weight and bias in the kernel's parameter order: layer by layer
  /// from the input, each layer's weights row by row, then its biases.
  public var parameters: [Double] {
    (0..<weights.count).flatMap { l in weights[l].flatMap { $0 } + biases[l] }
  }

  /// Whether the two hold the same shape, activations, names and the same
  /// bits in every parameter and scaling (`==` treats `0.0` and `-0.0` as
  /// equal).
  public func isBitwiseIdentical(to other: WeightsFile) -> Bool {
    func same(_ a: FeatureScaling<[Double]>?, _ b: FeatureScaling<[Double]>?) -> Bool {
      switch (a, b) {
      case (nil, nil): true
      case (let a?, let b?): a.isBitwiseEqual(to: b)
      default: false
      }
    }
    return layers == other.layers && activations == other.activations
      && parameters.map(\.bitPattern) == other.parameters.map(\.bitPattern)
      && same(inputScaling, other.inputScaling) && same(outputScaling, other.outputScaling)
      && features == other.features && targets == other.targets && classes == other.classes
  }
}
