import SIMDNet

extension DynamicNetwork {
  /// The most hidden layers the tool builds a network with.
  public static let maximumHiddenLayers = 64
  /// The most units the tool puts in one layer.
  public static let maximumWidth = 65_536
  /// The most weights and biases the tool builds a network with: 4 Mi. A
  /// training run keeps about 72 bytes per parameter (the parameter, its
  /// per-lane gradient and the optimizer's memory), so about 300 MB at
  /// this limit, twice that while a cost-curve checkpoint is kept.
  public static let maximumParameterCount = 1 << 22

  /// Why a network of these widths (inputs first) cannot be built, or nil
  /// if it can: too few layers, too many, a width below 1 or above
  /// `maximumWidth`, or more than `maximumParameterCount` parameters.
  public static func shapeProblem(_ layers: [Int]) -> String? {
    guard layers.count >= 2 else {
      return "a network needs at least the inputs and the outputs, e.g. 2,1 or 2,4,1"
    }
    guard layers.count - 2 <= maximumHiddenLayers else {
      return "\(layers.count - 2) hidden layers; the most is \(maximumHiddenLayers)"
    }
    for (l, width) in layers.enumerated() where !(1...maximumWidth).contains(width) {
      return "layer \(l) has \(width) units; a layer has 1 to \(maximumWidth)"
    }
    // Widths are at most 2¹⁶ and layers at most 66: no overflow.
    let count = (0..<layers.count - 1).reduce(0) { $0 + (layers[$1] + 1) * layers[$1 + 1] }
    guard count <= maximumParameterCount else {
      return "\(count) weights and biases; the most is \(maximumParameterCount)"
    }
    return nil
  }

  /// A network of these widths (inputs first) and activations (one per
  /// layer after the inputs), all parameters zero; fails with
  /// `shapeProblem`'s reason, or for softmax in a hidden layer.
  public init(checkedLayers layers: [Int], activations: [Activation]) throws(ToolError) {
    if let problem = Self.shapeProblem(layers) { throw ToolError(problem) }
    guard activations.count == layers.count - 1 else {
      throw ToolError("\(layers.count - 1) layers need \(layers.count - 1) activations")
    }
    for (l, activation) in activations.dropLast().enumerated() {
      if let problem = activation.hiddenLayerProblem {
        throw ToolError("layer \(l + 1): \(problem)")
      }
    }
    self.init(layerWidths: layers, activations: activations)
  }

  /// The network these weights describe, with their scaling: its
  /// one-example prediction takes raw features.
  public init(_ weights: WeightsFile) throws(ToolError) {
    try self.init(checkedLayers: weights.layers, activations: weights.activations)
    for (index, value) in weights.parameters.enumerated() { self[parameter: index] = value }
    inputScaling = weights.inputScaling
    outputScaling = weights.outputScaling
  }
}

extension WeightsFile {
  /// The weights of a kernel network — a `DynamicNetwork` (with its
  /// scaling), or a `Layer`, `MLP1`, `MLP2` or other `Stack` — failing (naming the parameter) if
  /// any is NaN or infinite, as after training that diverged.
  public init<N: Network>(_ network: N) throws(ToolError) {
    let widths = network.layerWidths
    var weights: [[[Double]]] = []
    var biases: [[Double]] = []
    var index = 0
    func next() -> Double {
      defer { index += 1 }
      return network[parameter: index]
    }
    for l in 0..<widths.count - 1 {
      weights.append((0..<widths[l + 1]).map { _ in (0..<widths[l]).map { _ in next() } })
      biases.append((0..<widths[l + 1]).map { _ in next() })
    }
    try self.init(
      layers: widths, activations: network.layerActivations, weights: weights, biases: biases)
    if let network = network as? DynamicNetwork {
      self = try describing(
        inputScaling: network.inputScaling, outputScaling: network.outputScaling)
    }
  }
}
